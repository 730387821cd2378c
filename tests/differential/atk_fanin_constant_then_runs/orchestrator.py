def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    scaled = []
    for s in params["scales"]:
        for run, job in runs:
            scaled.append(run.y * s)
    await workflow.lin.createTask(x=scaled[len(runs)])
    await workflow.count.createTask(n=len(scaled))
