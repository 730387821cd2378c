import statistics
from collections import defaultdict

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=1.0)
    parser.add_argument("--hi", type=float, default=3.0)
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--k", type=int, default=2)


async def main(workflow, **params):
    grid = np.linspace(params["lo"], params["hi"], params["n"])
    by_x = defaultdict(list)
    for x in grid:
        for seed in range(params["replicas"]):
            (run, job), = await workflow.replica.createTask(x=float(x), seed=seed)
            by_x[float(x)].append(run.y)
    stats = {x: (statistics.mean(ys), statistics.pstdev(ys)) for x, ys in by_x.items()}
    ranked = sorted(stats, key=lambda x: stats[x][1] / stats[x][0])
    best = ranked[: params["k"]]
    for x in best:
        mean, sd = stats[x]
        print(f"x={x:.2f} mean={mean:.4f} sd={sd:.4f}")
        await workflow.sq.createTask(x=round(mean, 3))
    await workflow.count.createTask(n=len([x for x in stats if stats[x][1] > 0.02]))
