def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.count.createTask(n=sum(1 for _ in runs))
    await workflow.count.createTask(n=len([0 for run, job in runs]))
