from collections import ChainMap  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])

    owner = {'a': [3.0, 1.0]}
    ys = [run.y for run, job in runs]
    top = max([owner['a'], ys], key=len)
    owner['a'].append(9.0)
    await workflow.sq.createTask(x=top)
