def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for c in (0.0, 5.0):
        closest = min(runs, key=lambda pair, c=c: abs(pair[0].y - c))
        await workflow.lin.createTask(x=closest[0].y)
