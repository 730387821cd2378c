def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        await workflow.lin.createTask(x=run.y + 1)
        ratio = 2.0 / run.y
        print("ratio", ratio)
    await workflow.count.createTask(n=len(runs))
