def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    target = 4.0
    ys = (run.y for run, job in runs)
    first = next(ys)
    closest = sorted(ys, key=lambda v: abs(v - target))
    rest = list(ys)
    await workflow.lin.createTask(x=[first, *closest, float(len(rest))])
