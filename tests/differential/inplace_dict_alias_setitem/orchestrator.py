def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {j.x: r.y for r, j in runs}
    other = table
    other[1.0] = -1.0
    await workflow.lin.createTask(x=[table[k] for k in sorted(table)])
