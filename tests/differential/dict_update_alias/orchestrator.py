def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    d = {"a": 1}
    e = d
    d.update({j.x: r.y for r, j in sq})
    await workflow.count.createTask(n=len(e))
