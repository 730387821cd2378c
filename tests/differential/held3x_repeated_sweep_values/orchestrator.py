def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 1.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.count.createTask(n=len(runs))
    await workflow.total.createTask(sq_ids=[r.id for r, j in runs])
