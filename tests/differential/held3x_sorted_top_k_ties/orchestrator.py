import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, -2.0, 2.0, 0.5])
    parser.add_argument("--k", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    best = sorted(runs, key=lambda rj: rj[0].y)[-params["k"]:]
    for run, job in best:
        await workflow.lin.createTask(x=job.x)
    med = statistics.median(run.y for run, job in runs)
    above = [run.id for run, job in runs if run.y >= med]
    await workflow.total.createTask(sq_ids=above)
