def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)


async def main(workflow, **params):
    by_x = {x: [] for x in params["xs"]}
    by_x[1.0].append(0.0)
    runs = await workflow.replica.createTask(x=params["xs"], seed=[3, 4])
    for run, job in runs:
        by_x[job.x].append(run.y)
    await workflow.lin.createTask(x=[round(max(v), 6) for v in by_x.values()])
