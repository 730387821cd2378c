import itertools  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])

    ys = [p[0].y - 1 for p in itertools.islice(runs, 3)]
    for y in ys:
        await workflow.sq.createTask(x=y)
