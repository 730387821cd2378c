def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def half(y):
    return y / 2.0


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    halves = map(half, [run.y for run, job in runs])
    total = sum(halves)
    await workflow.lin.createTask(x=total)
    top = max(halves, default=-1.0)
    await workflow.lin.createTask(x=top)
