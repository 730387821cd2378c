def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for target in [1.0, 9.0]:
        best = max(runs, key=lambda pair, *, t=target: -abs(pair[0].y - t))
        await workflow.lin.createTask(x=best[1].x + target)
