def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]
    rows = [ys, [0.0]]
    rows[0].append(7.0)
    await workflow.lin.createTask(x=ys)
