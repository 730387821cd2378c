def populate_arg_parser(parser):
    parser.add_argument("--ws", type=float, nargs=2, default=[1.5])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["ws"])
    if len(params["ws"]) < 2:
        await workflow.lin.createTask(x=runs[0][0].y)
    else:
        await workflow.lin.createTask(x=params["ws"][1])
