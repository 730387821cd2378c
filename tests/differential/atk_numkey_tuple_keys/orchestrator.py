import statistics  # noqa: F401
from collections import defaultdict  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0, 4.0])


async def main(workflow, **params):
    owner = {1.0: "steel", 2: "steel", 3.0: "wood", 4.0: "wood"}  # noqa: F841
    runs = await workflow.lin.createTask(x=params["xs"])

    grid = {(1.0, 0): 'a', (2.0, 0): 'b', (3.0, 0): 'c', (4.0, 0): 'd'}
    names = []
    for run, job in runs:
        names.append(grid.get((job.x, 0), '?') + str(run.y > 2))
    await workflow.label.createTask(name=names)
