from collections import defaultdict

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=list(range(params["nrep"])))
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    spans = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        arr.sort()
        spans[x] = float(arr[-1] - arr[0])
    await workflow.lin.createTask(x=[spans[x] for x in sorted(spans)])
