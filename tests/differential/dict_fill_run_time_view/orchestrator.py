def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    lin = await workflow.lin.createTask(x=[5.0, 6.0])
    table = {j.x: r.y for r, j in sq}
    ys = table.values()
    for r, j in lin:
        table[j.x] = r.y
    await workflow.lin.createTask(x=sum(ys))
