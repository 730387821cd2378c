def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    if all(y > 0.5 for y in ys):
        await workflow.lin.createTask(x=ys)
    if any(y > 100 for y in ys):
        await workflow.count.createTask(n=1)
    else:
        await workflow.count.createTask(n=len(ys))
