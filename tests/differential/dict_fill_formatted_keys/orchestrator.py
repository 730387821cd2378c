def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    by = {}
    for run, job in sq:
        by[f"{run.y:.0f}"] = job.x
    await workflow.count.createTask(n=len(by))
    await workflow.lin.createTask(x=by["1"])
