import math
import statistics
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def batch(workflow, ys, seen, seeds, x):
    runs = await workflow.replica.createTask(x=x, seed=seeds)
    for run, job in runs:
        ys.append(run.y)
        seen[round(run.y, 6)] += 1

async def main(workflow, **params):
    ys = []
    seen = Counter()
    seed = 0
    for b in range(params["max_batches"]):
        await batch(workflow, ys, seen, list(range(seed, seed + params["batch"])), params["x"])
        seed += params["batch"]
        if statistics.stdev(ys) / math.sqrt(len(ys)) < params["se_max"]:
            break
    await workflow.lin.createTask(x=statistics.fmean(ys) + len(seen))
