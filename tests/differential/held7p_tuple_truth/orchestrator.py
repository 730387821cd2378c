def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=0.0)


async def main(workflow, **params):
    (run, job), = await workflow.pair.createTask(x=params["x"])
    lo, hi = run.bounds
    if run.bounds and not lo:
        await workflow.count.createTask(n=3)
    if any(run.bounds):
        await workflow.count.createTask(n=4)
    if all(run.bounds):
        await workflow.count.createTask(n=5)
    await workflow.sq.createTask(x=sum(run.bounds) + len(run.bounds))
