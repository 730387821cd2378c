def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True, help="first sweep")
    parser.add_argument("--k", type=int, default=2, help="how many candidates to refine")
    parser.add_argument("--target", type=float, default=3.0)


def misfit(pair, target):
    run, job = pair
    return abs(run.y - target)


async def main(workflow, **params):
    target = params["target"]
    runs = await workflow.sq.createTask(x=params["xs"])
    ranked = sorted(runs, key=lambda pair: misfit(pair, target))
    best = ranked[:params["k"]]
    print("refining", [job.x for run, job in best])
    refined = []
    for rank, (run, job) in enumerate(best):
        (fine, fine_job), = await workflow.step.createTask(x=job.x / 2, i=rank)
        refined.append((fine.y, run.id))
    y_best, sq_id = min(refined)
    await workflow.follow.createTask(sq_id=sq_id, x=y_best)
    worst_run, worst_job = max(runs, key=lambda pair: misfit(pair, target))
    await workflow.lin.createTask(x=worst_job.x)
