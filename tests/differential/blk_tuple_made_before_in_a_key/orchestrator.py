def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    bounds = (min(params["xs"]), max(params["xs"]))
    table = {}
    for run, job in runs:
        if run.y > 2:
            table[(job.x, bounds)] = run.y
    same = [k for k in table if k[1] == (1.0, 3.0)]
    await workflow.lin.createTask(x=[float(len(table)), float(len(same))])
