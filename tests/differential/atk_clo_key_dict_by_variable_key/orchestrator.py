def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    w = {"a": 2.0, "b": -1.0}
    pick = "b"
    ranked = sorted(runs, key=lambda rj: w[pick] * rj[0].y + len(w))
    await workflow.count.createTask(n=int(ranked[0][1].x))
