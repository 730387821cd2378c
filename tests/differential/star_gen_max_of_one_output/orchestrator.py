def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    top = max(*(run.y for run, job in runs))
    await workflow.count.createTask(n=int(top))
