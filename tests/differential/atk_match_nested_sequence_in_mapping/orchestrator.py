def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    (p, _), = await workflow.pair.createTask(x=params["x"])
    match {"b": p.bounds, "y": p.y}:
        case {"b": (lo, hi)}:
            await workflow.sq.createTask(x=hi - lo + 10)
        case {"y": y}:
            await workflow.sq.createTask(x=y)
