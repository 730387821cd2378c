def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=12.0)


async def main(workflow, **params):
    (g, _), = await workflow.gap.createTask(x=params["x"])
    match g.y:
        case None:
            await workflow.count.createTask(n=1)
        case _:
            await workflow.count.createTask(n=2)
