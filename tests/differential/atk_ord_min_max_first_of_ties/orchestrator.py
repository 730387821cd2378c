def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    y = {}
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        y[str(x)] = run.y
    lo = min(y, key=y.get)
    hi = max(y, key=lambda k: y[k])
    await workflow.count.createTask(n=int(float(lo) * 10))
    await workflow.count.createTask(n=int(float(hi) * 100))
