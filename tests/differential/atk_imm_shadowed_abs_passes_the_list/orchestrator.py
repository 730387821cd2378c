def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")

abs = lambda v: v  # noqa: A001, E731 - the attack


async def grow(workflow, xs, k):
    xs *= k
    (run, job), = await workflow.count.createTask(n=len(xs))
    return run.y


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [1.0]
    found = {}
    for run, job in runs:
        found[job.x] = await grow(workflow, abs(ys), 2)
    await workflow.count.createTask(n=len(ys) + len(found))
