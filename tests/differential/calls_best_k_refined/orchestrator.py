def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--k", type=int, default=2, help="how many runs to refine")


def by_output(pair):
    run, job = pair
    return run.y


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    best = sorted(runs, key=lambda pair: pair[0].y)[:params["k"]]
    for run, job in best:
        await workflow.lin.createTask(x=run.y + 0.25)
    lowest_run, lowest_job = min(runs, key=by_output)
    await workflow.follow.createTask(sq_id=lowest_run.id, x=lowest_job.x)
    largest = sorted(runs, key=by_output, reverse=True)[0]
    await workflow.follow.createTask(sq_id=largest[0].id, x=100.0)
