def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    d = {}

    def lookup(k):
        return d.get(k, 0.0)

    for run, job in sq:
        d[float(run.y)] = job.x
    await workflow.lin.createTask(x=lookup(4.0))
