def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    extra = [0.5]
    table = {}
    for run, job in runs:
        if run.y > 2:
            table[job.x] = run.y
            holder = {"extra": extra}
    extra.append(7.0)
    await workflow.lin.createTask(x=holder["extra"])
