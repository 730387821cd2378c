def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    for x in params["xs"]:
        runs = await workflow.sq.createTask(x=[x, x + 1.0])
        ys = []
        for run, job in runs:
            ys.append(run.y)
        await workflow.lin.createTask(x=ys[-1] - ys[0])
