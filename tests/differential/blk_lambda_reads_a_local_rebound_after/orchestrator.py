def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    scale = -1.0
    table = {}
    for run, job in runs:
        table[job.x] = run.y
    best = max(table, key=lambda x: table[x] * scale)
    scale = 100.0
    await workflow.lin.createTask(x=best * scale)
