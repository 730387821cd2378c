def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    ys = []
    for x in params["xs"]:
        runs = await workflow.sq.createTask(x=[x, x + 1.0])
        for run, job in runs:
            ys.append(run.y)
        await workflow.count.createTask(n=len(ys))
        await workflow.lin.createTask(x=ys[0])
