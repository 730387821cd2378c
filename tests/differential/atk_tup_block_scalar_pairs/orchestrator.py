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
        stats[x] = (float(arr.sum()), float(x) / 2)

    for run, job in runs:
        same = stats[job.x][1] == (job.x, 1.0)
        await workflow.label.createTask(name=f"{job.x + stats[job.x][1]} {same}")
