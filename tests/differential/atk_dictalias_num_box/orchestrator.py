from collections import ChainMap  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])

    owner = {1.0: 'steel'}
    box = []
    for run, job in runs:
        if run.y > 0:
            box.append(owner)
    owner[1.0] = 'gold'
    await workflow.label.createTask(name=[b[1.0] for b in box])
