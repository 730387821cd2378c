def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--target", type=float, default=3.5)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ranked = sorted(runs, key=lambda rj: abs(rj[0].y - params["target"]))
    await workflow.sq.createTask(x=ranked[0][1].x + 0.25)
    worst = max(runs, key=lambda rj: abs(rj[0].y - params["target"]))
    await workflow.count.createTask(n=int(worst[1].x))
