def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    seen = []
    found = any(seen.append(y) or y > 1.0 for y in ys)
    await workflow.count.createTask(n=len(seen) + (10 if found else 0))
