def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    cfg = {"scale": -1.0, "name": "neg"}
    first = sorted(runs, key=lambda rj: cfg["scale"] * rj[0].y)
    cfg["scale"] = 1.0
    second = sorted(runs, key=lambda rj: cfg["scale"] * rj[0].y)
    await workflow.count.createTask(n=[int(first[0][1].x), int(second[0][1].x)])
