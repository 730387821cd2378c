import asyncio
import math
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass
class Welford:
    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def push(self, y):
        self.n += 1
        d = y - self.mean
        self.mean += d / self.n
        self.m2 += d * (y - self.mean)

    @property
    def sem(self):
        return math.sqrt(self.m2 / (self.n - 1) / self.n) if self.n > 1 else math.inf


def populate_arg_parser(parser):
    parser.add_argument("--config", default="replicas.yaml")
    parser.add_argument("--rel-sem", type=float, default=None,
                        help="overrides rel_sem of the config file")


async def converge(workflow, x, cfg, rel_sem):
    acc = Welford()
    seed = 0
    while acc.n < cfg["max_rep"]:
        (run, job), = await workflow.replica.createTask(x=x, seed=seed)
        acc.push(run.y)
        seed += 1
        if acc.n >= cfg["min_rep"] and acc.sem < rel_sem * abs(acc.mean):
            return acc, True
    return acc, False


async def main(workflow, **params):
    cfg = yaml.safe_load(Path(__file__).with_name(params["config"]).read_text())
    rel_sem = params["rel_sem"] if params["rel_sem"] is not None else cfg["rel_sem"]
    configs = cfg["configs"]
    outcomes = await asyncio.gather(*(converge(workflow, c["x"], cfg, rel_sem) for c in configs))
    table = {c["name"]: (c["x"], acc, ok) for c, (acc, ok) in zip(configs, outcomes)}
    for name, (x, acc, ok) in sorted(table.items(), key=lambda kv: kv[1][1].n):
        print(f"{name:<6} x={x:4.2f} n={acc.n:2d} mean={acc.mean:.4f} "
              f"sem={acc.sem:.4f} {'ok' if ok else 'CAP'}")
    converged = {name: v for name, v in table.items() if v[2]}
    if converged:
        name = min(converged, key=lambda k: converged[k][1].sem / converged[k][1].mean)
        await workflow.lin.createTask(x=round(converged[name][1].mean, 6))
    await workflow.count.createTask(n=sum(acc.n for acc, ok in outcomes))
