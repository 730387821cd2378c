def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    d = {1: 0.5, 7: 0.25}
    d.update({j.x * j.x: r.y for r, j in sq})
    await workflow.count.createTask(n=len(d))
    await workflow.lin.createTask(x=d[4])
    await workflow.lin.createTask(x=sum(d))
