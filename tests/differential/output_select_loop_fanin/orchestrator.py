def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--cut", type=float, default=0.0)


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    kept = []
    for run, job in runs:
        if run.y > params["cut"] * 2:
            kept += await workflow.sq.createTask(x=run.y)
    await workflow.total.createTask(sq_ids=[r.id for r, j in kept])
    await workflow.lin.createTask(x=float(len(kept)) + 0.5)
