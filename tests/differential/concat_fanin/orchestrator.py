def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--ys", type=float, nargs="+", required=True)


async def main(workflow, **params):
    a = await workflow.sq.createTask(x=params["xs"])
    b = await workflow.sq.createTask(x=params["ys"])
    ids = [run.id for run, job in a]
    ids = ids + [run.id for run, job in b]
    await workflow.total.createTask(sq_ids=ids)
    await workflow.total.createTask(sq_ids=[r.id for r, j in b] + [r.id for r, j in a])
