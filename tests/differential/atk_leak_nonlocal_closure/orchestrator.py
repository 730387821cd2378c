def make_counter():
    n = 0

    def bump():
        nonlocal n
        n += 1
        return n
    return bump


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    bump = make_counter()
    for run, job in runs:
        await workflow.lin.createTask(x=run.y + bump())
    await workflow.count.createTask(n=bump())
