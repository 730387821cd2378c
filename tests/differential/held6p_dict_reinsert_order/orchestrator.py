def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.0)


async def main(workflow, **params):
    seen = {}
    for bs in ([3.0, 1.0], [2.0, 3.0]):
        runs = await workflow.mix.createTask(a=params["a"], b=bs)
        for run, job in runs:
            seen[job.b] = run.y
    keys = list(seen)
    await workflow.lin.createTask(x=keys[:2])
    await workflow.lin.createTask(x=list(seen.values())[-1])
