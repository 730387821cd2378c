def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    workflow.lin.createTask(x=[r.y for r, j in runs])
