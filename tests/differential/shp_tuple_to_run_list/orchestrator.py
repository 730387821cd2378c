def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    best = max([(float(run.y), job.x) for run, job in runs], key=lambda t: t[0])
    await workflow.lin.createTask(x=best[1])
    ids = tuple(run.id for run, job in runs)
    await workflow.total.createTask(sq_ids=ids)
