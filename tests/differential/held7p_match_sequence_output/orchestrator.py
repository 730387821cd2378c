def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=5.0)


async def main(workflow, **params):
    (p, _), = await workflow.pair.createTask(x=params["x"])
    match p.bounds:
        case (lo, hi):
            await workflow.sq.createTask(x=lo + hi)
        case _:
            await workflow.sq.createTask(x=-1.0)
