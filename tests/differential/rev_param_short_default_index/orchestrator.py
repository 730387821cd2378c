def populate_arg_parser(parser):
    parser.add_argument("--ws", type=float, nargs=2, default=[1.0])


async def main(workflow, **params):
    await workflow.sq.createTask(x=2.0)
    w = params["ws"][1]
    print("second weight", w)
    await workflow.lin.createTask(x=3.0)
