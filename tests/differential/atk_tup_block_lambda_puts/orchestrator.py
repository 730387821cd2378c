import builtins
from collections import defaultdict

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=builtins.float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)

    stats = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        put = lambda stats, k: stats.update({k: ((k - 0.5, 1.0), 2.0)})  # noqa: E731
        stats[x] = (float(arr.sum()), 1.0)
        put(stats, x + 0.5)

    for run, job in runs:
        for pair in zip([job.x], [1.0]):
            same = stats[job.x + 0.5][0] == pair
            await workflow.label.createTask(name=f"{job.x} {same}")
