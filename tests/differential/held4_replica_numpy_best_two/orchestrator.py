import asyncio
from collections import defaultdict

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--nrep", type=int, default=3)
    parser.add_argument("--x_min", type=float, default=1.0)
    parser.add_argument("--x_max", type=float, default=3.0)
    parser.add_argument("--npts", type=int, default=5)


async def refine(workflow, x, spread):
    xs = [x - spread, x, x + spread]
    runs = await workflow.lin.createTask(x=xs)
    return max(run.y for run, _ in runs)


async def main(workflow, **params):
    configs = np.linspace(params["x_min"], params["x_max"], params["npts"])
    seeds = list(range(params["nrep"]))
    runs = await workflow.replica.createTask(x=[float(c) for c in configs], seed=seeds)
    samples = defaultdict(list)
    for run, job in runs:
        samples[job.x].append(run.y)
    stats = {}
    for x, ys in samples.items():
        arr = np.array(ys)
        stats[x] = (float(arr.mean()), float(arr.std()))
    ranked = sorted(stats, key=lambda x: stats[x][1] / stats[x][0])
    best = ranked[:2]
    tops = await asyncio.gather(*[refine(workflow, x, stats[x][1]) for x in best])
    summary = " ".join(f"{x:.2f}:{t:.3f}" for x, t in zip(best, tops))
    print("best configurations", summary)
    await workflow.label.createTask(name=summary)
