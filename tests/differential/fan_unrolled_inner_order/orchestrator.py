def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--shifts", type=float, nargs="+", default=[0.0, 10.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    shifted = []
    for run, job in runs:
        for s in [0.0, 10.0]:
            shifted.append(run.y + s)
    await workflow.lin.createTask(x=shifted)
    await workflow.lin.createTask(x=shifted[1])
