import statistics  # noqa: F401
from collections import defaultdict  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0, 4.0])


async def main(workflow, **params):
    owner = {1.0: "steel", 2: "steel", 3.0: "wood", 4.0: "wood"}  # noqa: F841
    runs = await workflow.lin.createTask(x=params["xs"])

    table = {1: [1.0, 2.0], 2: [3.0], 3: []}
    tot = {}
    for run, job in runs:
        tot[job.x] = sum(table.get(int(job.x), [0.0])) + run.y
    await workflow.sq.createTask(x=[tot[k] for k in sorted(tot)])
