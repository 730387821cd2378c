def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    scalers = []
    for run, job in runs:
        scalers.append(lambda v: v + run.y)  # noqa: B023
    bound = [lambda v, y=run.y: v + y for run, job in runs]
    await workflow.lin.createTask(x=[f(0.5) for f in scalers])
    await workflow.lin.createTask(x=[g(100.0) for g in bound])
