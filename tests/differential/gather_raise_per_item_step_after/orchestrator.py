import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def best(workflow, x):
    runs = await workflow.gap.createTask(x=[1.0, x])
    top = max(run.y for run, _ in runs)
    await workflow.lin.createTask(x=top)


async def main(workflow, **params):
    await workflow.lin.createTask(x=0.5)
    await asyncio.gather(*[best(workflow, x) for x in params["xs"]])
