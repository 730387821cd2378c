def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    by_tup, by_f = {}, {}
    for run, job in runs:
        by_tup[run.tup] = job.x
    for run, job in runs:
        by_f[run.f] = run.y
    await workflow.label.createTask(name=[str(by_tup), str(by_f)])
    await workflow.count.createTask(n=len(by_tup) + 10 * len(by_f))
