def populate_arg_parser(parser):
    parser.add_argument("--ws", type=float, nargs="+", default=[])


async def main(workflow, **params):
    await workflow.sq.createTask(x=2.0)
    w = params["ws"][0]
    print("first weight", w)
    await workflow.lin.createTask(x=3.0)
