def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def remember(y, history=[]):
    history.append(y)
    return len(history)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    seen = 0
    for run, job in runs:
        seen = remember(run.y)
    await workflow.count.createTask(n=seen)
    await workflow.lin.createTask(x=float(remember(0.0)))
