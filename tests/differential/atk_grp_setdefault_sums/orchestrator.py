def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 1, 2])
    by_x = {}
    for run, job in runs:
        by_x.setdefault(job.x, []).append(run.y)
    await workflow.lin.createTask(x=[round(sum(by_x[x]), 6) for x in sorted(by_x)])
