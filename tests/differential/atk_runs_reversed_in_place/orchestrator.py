def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    runs.reverse()
    await workflow.lin.createTask(x=runs[0][0].y)
    for i, (run, job) in enumerate(runs):
        await workflow.step.createTask(x=run.y, i=i)
