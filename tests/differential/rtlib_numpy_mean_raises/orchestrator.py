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
    ratios = {}
    for x, ys in groups.items():
        arr = np.array(ys[:1])
        ratios[x] = float(arr.mean()) / (float(arr.max()) - float(arr.min()))
    await workflow.lin.createTask(x=[ratios[x] for x in sorted(ratios)])
