import csv
import math
from collections import namedtuple
from pathlib import Path

Level = namedtuple("Level", "h u cells")


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5, help="coarsest mesh size")
    parser.add_argument("--ratio", type=float, default=2.0, help="refinement ratio")
    parser.add_argument("--max-levels", type=int, default=8)
    parser.add_argument("--rtol", type=float, default=1e-3)


async def run_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(job.h, run.u, run.cells)


def observed_order(a, b, c, r):
    return math.log(abs(a.u - b.u) / abs(b.u - c.u)) / math.log(r)


async def main(workflow, **params):
    r = params["ratio"]
    levels = []
    h = params["h0"]
    for k in range(params["max_levels"]):
        levels.append(await run_level(workflow, h))
        if k >= 1:
            change = abs(levels[-1].u - levels[-2].u) / abs(levels[-1].u)
            print(f"level {k}: h={h:.5f} u={levels[-1].u:.8f} change={change:.2e}")
            if change < params["rtol"]:
                break
        h /= r
    orders = [observed_order(*levels[i:i + 3], r) for i in range(len(levels) - 2)]
    p = orders[-1] if orders else 2.0
    fine, finer = levels[-2], levels[-1]
    u_ext = finer.u + (finer.u - fine.u) / (r ** p - 1.0)
    print(f"orders {[round(o, 3) for o in orders]}, extrapolated {u_ext:.8f}")
    await workflow.lin.createTask(x=round(u_ext, 10))
    with open(Path(__file__).with_name("convergence.csv"), "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["h", "u", "cells"])
        for lv in levels:
            out.writerow([lv.h, lv.u, lv.cells])
