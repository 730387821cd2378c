import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def best(workflow, x):
    runs = await workflow.gap.createTask(x=[1.0, x])
    return max(run.y for run, _ in runs)


async def main(workflow, **params):
    tops = await asyncio.gather(*[best(workflow, x) for x in params["xs"]])
    await workflow.label.createTask(name=" ".join(f"{t:.2f}" for t in tops))
