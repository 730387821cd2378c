def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    await workflow.count.createTask(n=sum(1 for run, job in runs if 2 in run.hist))
