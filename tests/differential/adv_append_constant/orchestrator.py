def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ones = []
    for run, job in runs:
        ones.append(1)
    await workflow.count.createTask(n=sum(ones))
