import math
import statistics
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def main(workflow, **params):
    ys = []
    later = (y for y in ys)
    seen = Counter()
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            ys.append(run.y)
            seen[round(run.y, 6)] += 1
        se = statistics.stdev(ys) / math.sqrt(len(ys))
        if se < params["se_max"]:
            break
    kept = list(later)
    await workflow.lin.createTask(x=float(len(kept)) + sum(kept))
