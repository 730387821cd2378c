def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    ys[0] = -1.0
    await workflow.lin.createTask(x=ys[-1])
    await workflow.count.createTask(n=len(ys))
