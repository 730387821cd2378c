import csv
import statistics
from collections import namedtuple
from pathlib import Path

Config = namedtuple("Config", "x nrep median spread")


def populate_arg_parser(parser):
    parser.add_argument("--table", default="replicas.csv")
    parser.add_argument("--top", type=int, default=1)


async def main(workflow, **params):
    with open(Path(__file__).parent / params["table"], newline="") as f:
        rows = [row for row in csv.DictReader(f)]
    configs = []
    for row in rows:
        x, nrep = float(row["x"]), int(row["nrep"])
        runs = await workflow.replica.createTask(x=x, seed=list(range(nrep)))
        ys = [run.y for run, job in runs]
        configs.append(Config(x, nrep, statistics.median(ys), max(ys) - min(ys)))
    ranked = sorted(configs, key=lambda c: c.spread / c.median)
    for rank, c in enumerate(ranked, start=1):
        print(f"{rank}. x={c.x} median={c.median:.4f} spread={c.spread:.4f}")
    await workflow.lin.createTask(x=[c.median for c in ranked[: params["top"]]])
    await workflow.count.createTask(n=sum(c.nrep for c in configs))
