def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    keys = {}
    for run, job in runs:
        keys[run.nest] = job.x
    await workflow.count.createTask(n=len(keys))
