def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    total = runs[0][0].y.sum()
    await workflow.count.createTask(n=1)
    await workflow.count.createTask(n=int(total))
