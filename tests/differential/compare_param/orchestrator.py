def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--x", type=float, default=1.0)


async def main(workflow, **params):
    if params["n"] > 2:
        await workflow.sq.createTask(x=params["x"])
    else:
        await workflow.lin.createTask(x=params["x"])
    await workflow.sq.createTask(x=params["x"] + 1.0)
