import asyncio  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])

    ys = [run.y for run, job in runs]
    mids = [y / 2 for y in ys]
    await asyncio.gather(*[workflow.sq.createTask(x=m) for m in mids])
