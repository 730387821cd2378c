def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def grow(workflow, acc, x):
    acc += [x]
    (run, job), = await workflow.count.createTask(n=len(acc))
    return run.y


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    row = {"acc": []}
    found = {}
    for run, job in runs:
        found[job.x] = await grow(workflow, row["acc"], run.y)
    await workflow.count.createTask(n=len(row["acc"]) * 10 + len(found))
