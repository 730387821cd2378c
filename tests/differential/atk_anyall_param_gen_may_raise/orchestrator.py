def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--ds", type=float, nargs="+", default=[1.0, 0.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    top = runs[-1][0].y
    if all(top / d > 10.0 for d in params["ds"]):
        await workflow.count.createTask(n=1)
    else:
        await workflow.count.createTask(n=2)
