def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])
    parser.add_argument("--refine", action="store_true")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if params["refine"]:
            await workflow.lin.createTask(x=job.x)
        if run.y > 2 and job.x < 3:
            await workflow.sq.createTask(x=run.y)
    (first, _), = await workflow.lin.createTask(x=1.0)
    for run, job in runs:
        if run.y > first.y:
            await workflow.lin.createTask(x=run.y + first.y)
