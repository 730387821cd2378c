def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    await workflow.lin.createTask(x=0.5)
    for x in params["xs"]:
        await workflow.sq.createTask(x=x)
        break
