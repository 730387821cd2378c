def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    values = list(params["xs"])
    if type(values) is list:
        await workflow.sq.createTask(x=values)
    else:
        await workflow.lin.createTask(x=values)
