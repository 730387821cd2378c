def populate_arg_parser(parser):
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    if params["sweep"]:
        for x in params["xs"]:
            await workflow.sq.createTask(x=x)
            await workflow.lin.createTask(x=x)
    else:
        await workflow.sq.createTask(x=params["xs"][0])
