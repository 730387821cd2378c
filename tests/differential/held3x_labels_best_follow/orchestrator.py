def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.5, 0.5])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.label.createTask(name=[f"y{run.y:.2f}" for run, job in runs])
    picked = [i for i, (r, j) in enumerate(runs) if r.y > 2]
    await workflow.step.createTask(x=1.0, i=picked)
    best = max(runs, key=lambda rj: rj[0].y)
    await workflow.follow.createTask(sq_id=best[0].id, x=0.5)
