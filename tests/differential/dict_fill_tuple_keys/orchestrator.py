def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    pos = {}
    for run, job in sq:
        pos[(job.x, 1)] = run.y
    await workflow.count.createTask(n=len(pos))
