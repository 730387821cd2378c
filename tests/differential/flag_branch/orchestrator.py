def populate_arg_parser(parser):
    parser.add_argument("--refine", action="store_true", help="square instead of line")
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    if params["refine"]:
        await workflow.sq.createTask(x=params["xs"])
    else:
        await workflow.lin.createTask(x=params["xs"])
