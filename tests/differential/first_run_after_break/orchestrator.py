def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        first = run
        break
    await workflow.lin.createTask(x=first.y - sum(r.y for r, j in runs))
