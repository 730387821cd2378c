def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    last = 0.0
    if any((last := y) > 1.0 for y in ys):
        await workflow.lin.createTask(x=last)
