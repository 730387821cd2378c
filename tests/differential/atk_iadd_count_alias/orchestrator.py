def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    n = len([run for run, job in runs])
    before = n
    n += 10
    await workflow.lin.createTask(x=[float(before), float(n)])
