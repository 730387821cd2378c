def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    d = {}
    for run, job in sq:
        d[float(run.y) * 0.0 * float("inf")] = job.x
    await workflow.count.createTask(n=len(d))
