def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    order = sorted(runs, key=lambda rj: rj[0].y)
    await workflow.count.createTask(n=[int(j.x) for r, j in order])
    top = max(runs, key=lambda rj: rj[0].y)
    await workflow.count.createTask(n=int(top[1].x) + 100)
