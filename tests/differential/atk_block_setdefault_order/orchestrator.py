def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    by_x = {}
    for run, job in runs:
        by_x.setdefault(job.x, []).append(run.y)
    first = list(by_x)[0]
    await workflow.lin.createTask(x=first)
    await workflow.count.createTask(n=len(by_x[first]))
