def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    rows = []
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        rows.append((run.y, x))
    best = max(rows, key=lambda r: r[0])
    await workflow.count.createTask(n=int(best is rows[-1]) + 5)
