def populate_arg_parser(parser):
    parser.add_argument("--ws", type=float, nargs=2, default=[1.5])


async def main(workflow, **params):
    await workflow.sq.createTask(x=params["ws"][0])
    await workflow.lin.createTask(x=params["ws"][1])
