import itertools  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])

    ys = [-p[0].y for p in sorted(runs, key=lambda p: p[0].y)]
    await workflow.sq.createTask(x=ys[:2])
