from collections import ChainMap  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])

    owner = {1.0: 'steel'}
    ys = [run.y for run, job in runs]
    view = ChainMap(owner, {'n': len(ys)})
    owner[1.0] = 'gold'
    await workflow.label.createTask(name=str(view[1.0]) + str(view['n']))
