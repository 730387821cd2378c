def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    d = {}
    for r, j in sq:
        d[j.x] = r.y
    for r, j in sq:
        d.setdefault(j.x, -1.0)
    for r, j in sq:
        d.setdefault(round(r.y, 3), j.x)
    await workflow.count.createTask(n=len(d))
    await workflow.lin.createTask(x=d[4.0] + d[2.0])
