def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    if any(10.0 / y > 1.0 for y in ys):
        await workflow.count.createTask(n=1)
    else:
        await workflow.count.createTask(n=2)
