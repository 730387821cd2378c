def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    if all(abs(y) >= 1.0 and round(y, 1) == y for y in ys):
        await workflow.lin.createTask(x=ys[-1])
    if any(len(str(y)) > 3 for y in ys):
        await workflow.lin.createTask(x=ys[0])
