def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    hi = []
    lo = []
    for run, job in runs:
        (hi if run.y > 2 else lo).append(run.y)
    await workflow.lin.createTask(x=float(len(hi)))
