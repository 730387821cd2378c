def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)
    parser.add_argument("--cube", action="store_true")


async def main(workflow, **params):
    manager = getattr(workflow, "sq" if params["cube"] else "lin")
    await manager.createTask(x=params["x"])
