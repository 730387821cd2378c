def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if run.y:
            await workflow.lin.createTask(x=job.x)
        elif job.x == 0.0:
            await workflow.lin.createTask(x=100.0 + job.x)
