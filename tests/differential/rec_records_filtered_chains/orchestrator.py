import statistics
from collections import namedtuple

Stat = namedtuple("Stat", ["x", "mean", "spread"])


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=2)


async def main(workflow, **params):
    stats = []
    for x in params["xs"]:
        runs = await workflow.replica.createTask(x=x, seed=list(range(params["nrep"])))
        ys = [run.y for run, job in runs]
        stats.append(Stat(x, statistics.fmean(ys), max(ys) - min(ys)))
    high = [s for s in stats if s.mean > 2.5]
    await workflow.count.createTask(n=len(high))
    steady = min(stats, key=lambda s: (s.spread, -s.x))
    await workflow.lin.createTask(x=steady.mean)
    ranked = sorted(stats, key=lambda s: s.mean, reverse=True)
    await workflow.lin.createTask(x=[i + s.mean for i, s in enumerate(ranked)])
