def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 3.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    lo = runs[0][0].y > 2.0
    hi = runs[-1][0].y > 2.0
    if lo | hi:
        await workflow.lin.createTask(x=1.0)
    if lo & hi:
        await workflow.lin.createTask(x=2.0)
    if lo ^ hi:
        await workflow.lin.createTask(x=3.0)
    await workflow.lin.createTask(x=float(str(lo | hi) == "True"))
