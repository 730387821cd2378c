def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    cfg = {"scale": 2.0}
    best = min(runs, key=lambda rj: cfg["offset"] + rj[0].y)
    await workflow.count.createTask(n=int(best[1].x))
