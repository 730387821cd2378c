from collections import ChainMap  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])

    owner = {'a': 'steel'}
    kept = None
    for run, job in runs:
        kept = owner if run.y > 0 else kept
    owner['a'] = 'gold'
    await workflow.label.createTask(name=kept['a'])
