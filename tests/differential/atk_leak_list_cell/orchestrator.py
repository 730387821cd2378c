def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    acc = [0.0]
    for run, job in runs:
        acc[0] += run.y
        await workflow.lin.createTask(x=acc[0])
