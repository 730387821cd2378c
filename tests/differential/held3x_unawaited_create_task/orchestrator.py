def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])


async def main(workflow, **params):
    pending = workflow.sq.createTask(x=params["xs"])
    workflow.count.createTask(n=3)
    await workflow.lin.createTask(x=0.5)
    runs = await pending
    await workflow.lin.createTask(x=[r.y for r, j in runs])
