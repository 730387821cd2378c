import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--sweep", default="levels.json")
    parser.add_argument("--report", default="convergence.csv")


@dataclass
class Level:
    h: float
    u: float
    cells: int

    @property
    def error(self):
        return abs(self.u - 1.0)


async def run_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(h=h, u=run.u, cells=run.cells)


async def main(workflow, **params):
    spec = json.loads((HERE / params["sweep"]).read_text())
    levels = []
    h = spec["h0"]
    for _ in range(spec["levels"]):
        levels.append(await run_level(workflow, h))
        h = h / spec["ratio"]
    rates = []
    for coarse, fine in zip(levels, levels[1:]):
        rates.append(math.log(coarse.error / fine.error) / math.log(spec["ratio"]))
    print(f"{'h':>8} {'u':>12} {'cells':>6}")
    for lv in levels:
        print(f"{lv.h:8.4f} {lv.u:12.8f} {lv.cells:6d}")
    with open(HERE / params["report"], "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["h", "u", "cells"])
        for lv in levels:
            out.writerow([lv.h, lv.u, lv.cells])
    observed = min(rates)
    await workflow.count.createTask(n=round(observed))
    finest = max(levels, key=lambda lv: lv.cells)
    await workflow.sq.createTask(x=finest.error * 1000)
