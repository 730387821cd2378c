def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    tables = [{1: run.y, 2: job.x} for run, job in runs]
    for t in tables:
        await workflow.lin.createTask(x=t[1] + t[2])
