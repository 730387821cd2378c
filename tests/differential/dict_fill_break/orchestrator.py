def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    d = {}
    for run, job in sq:
        d[run.y] = 1
        if run.y > 0.5:
            break
    await workflow.count.createTask(n=len(d))
