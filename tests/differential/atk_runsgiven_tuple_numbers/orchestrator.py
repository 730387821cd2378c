import itertools  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])

    bounds = [tuple([run.y, run.y + 1]) for run, job in runs]
    mids = [(lo + hi) / 2 for lo, hi in sorted(bounds, key=lambda b: b[0])]
    for m in mids[:2]:
        await workflow.sq.createTask(x=m)
