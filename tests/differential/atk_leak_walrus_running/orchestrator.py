def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    total = 0.0
    running = [(total := total + run.y) for run, job in runs]
    await workflow.lin.createTask(x=running)
    await workflow.lin.createTask(x=total)
