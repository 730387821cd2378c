def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    newest = []
    for run, job in runs:
        newest.insert(0, run.y)
    await workflow.lin.createTask(x=newest[0])
    await workflow.count.createTask(n=len(newest))
