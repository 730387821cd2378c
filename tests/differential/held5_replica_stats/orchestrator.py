import asyncio
import statistics
from typing import NamedTuple


class Summary(NamedTuple):
    x: float
    mean: float
    std: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--max-rel-std", dest="max_rel_std", type=float, default=0.05)


async def replicate(workflow, x, seeds):
    runs = await workflow.replica.createTask(x=x, seed=seeds)
    ys = [run.y for run, job in runs]
    return Summary(x, statistics.mean(ys), statistics.stdev(ys))


async def main(workflow, **params):
    seeds = list(range(params["replicas"]))
    summaries = await asyncio.gather(*(replicate(workflow, x, seeds) for x in params["xs"]))
    for s in summaries:
        print(f"x={s.x:<5g} mean={s.mean:.4f} std={s.std:.4f}")
    trusted = [s for s in summaries if s.std / s.mean < params["max_rel_std"]]
    for s in trusted:
        await workflow.mix.createTask(a=s.mean, b=s.std)
    await workflow.count.createTask(n=len(summaries) - len(trusted))
