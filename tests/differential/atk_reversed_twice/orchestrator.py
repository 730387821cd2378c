def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    newest_first = reversed([run.y for run, job in runs])
    top = max(newest_first)
    await workflow.lin.createTask(x=top)
    await workflow.count.createTask(n=len(list(newest_first)))
