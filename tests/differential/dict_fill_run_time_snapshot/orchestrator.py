def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    lin = await workflow.lin.createTask(x=[5.0, 6.0])
    table = {j.x: r.y for r, j in sq}
    n0 = len(table)
    first = table.get(1.0, 0.0)
    for r, j in lin:
        table[j.x] = r.y
    await workflow.count.createTask(n=n0 * 10 + len(table))
    await workflow.lin.createTask(x=first + table[6.0])
