import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def refine(workflow, runs, t):
    kept = [run for run, job in runs if run.y > t]
    if len(kept) >= 2:
        await workflow.lin.createTask(x=[r.y + t for r in kept])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await asyncio.gather(refine(workflow, runs, 2.0), refine(workflow, runs, 5.0))
