def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=1.0)


async def main(workflow, **params):
    await workflow.lin.createTask(x=[x * params["scale"] for x in params["xs"]])
