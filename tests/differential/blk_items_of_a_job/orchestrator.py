def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {}
    for run, job in runs:
        if run.y > 2:
            table[job.x] = dict(job.items())["x"]
    await workflow.lin.createTask(x=sum(table.values()))
