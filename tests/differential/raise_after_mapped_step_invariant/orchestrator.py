def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=1.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        await workflow.lin.createTask(x=run.y)
        factor = float(len(params["xs"])) / params["scale"]
        await workflow.count.createTask(n=int(factor))
