def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    ys = [r.y for r, j in await workflow.sq.createTask(x=params["xs"])]
    match ys:
        case [a, b]:  # noqa: F841
            await workflow.count.createTask(n=2)
        case [a, *rest]:  # noqa: F841
            await workflow.count.createTask(n=10 + len(rest))
        case _:
            await workflow.count.createTask(n=0)
