def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    vals = [run.hist.get(1, -1.0) for run, job in runs]
    await workflow.sq.createTask(x=vals)
