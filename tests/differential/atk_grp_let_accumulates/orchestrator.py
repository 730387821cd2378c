def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 1])
    total = 0.0
    running = {}
    for run, job in runs:
        total = total + run.y
        running[run.id] = round(total, 6)
    await workflow.lin.createTask(x=sorted(running.values()))
