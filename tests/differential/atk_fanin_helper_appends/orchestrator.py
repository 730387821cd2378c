def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def record(history, y, limit=3.0):
    history.append(y)
    if y > limit:
        history.append(-y)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    history = []
    for run, job in runs:
        record(history, run.y)
    await workflow.lin.createTask(x=history[-1])
    await workflow.lin.createTask(x=history[1])
