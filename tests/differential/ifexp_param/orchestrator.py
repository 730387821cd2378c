def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)
    parser.add_argument("--positive", action="store_true")


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x"] if params["positive"] else -params["x"])
    await workflow.sq.createTask(x=1.0 if params["x"] > 2 else 0.0)
