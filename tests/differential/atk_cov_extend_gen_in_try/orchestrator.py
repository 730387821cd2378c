def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    try:
        ys.extend(1.0 / (run.y - 4.0) for run, job in runs)
    except ZeroDivisionError:
        ys.append(-1.0)
    await workflow.lin.createTask(x=sum(ys))
