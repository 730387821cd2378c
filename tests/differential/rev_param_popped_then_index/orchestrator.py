def populate_arg_parser(parser):
    parser.add_argument("--ws", type=float, nargs=2, required=True)


async def main(workflow, **params):
    last = params["ws"].pop()
    await workflow.sq.createTask(x=last)
    w = params["ws"][1]
    print("second weight", w)
    await workflow.lin.createTask(x=3.0)
