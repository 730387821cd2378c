from collections import ChainMap  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])

    names = ['a', 'b', 'c']
    ys = [run.y for run, job in runs]
    pairs = zip(names, ys)
    names[0] = 'z'
    await workflow.label.createTask(name=[n + str(y) for n, y in pairs])
