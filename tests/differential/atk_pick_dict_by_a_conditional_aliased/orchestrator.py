def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    hits, misses = {}, {}
    alias = hits
    for run, job in runs:
        (hits if run.y > 2 else misses)[job.x] = run.y
    await workflow.count.createTask(n=len(alias) * 10 + len(misses))
