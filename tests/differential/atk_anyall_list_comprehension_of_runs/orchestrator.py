def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    if all([run.y >= 1.0 for run, job in runs]):
        await workflow.lin.createTask(x=[run.y for run, job in runs])
    flags = []
    for run, job in runs:
        flags.append(run.y - 1.0)
    await workflow.count.createTask(n=3 if any(flags) else 4)
