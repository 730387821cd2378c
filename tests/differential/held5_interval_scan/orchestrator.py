from typing import NamedTuple

import numpy as np


class Scan(NamedTuple):
    x: float
    peak: float
    width: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--n", type=int, default=4)


async def scan(workflow, x, n):
    (run, job), = await workflow.interval.createTask(x=x)
    lo, hi = run.b
    ys = []
    for i, p in enumerate(np.linspace(lo, hi, n)):
        (r, j), = await workflow.step.createTask(x=float(p), i=i)
        ys.append(r.y)
    return Scan(x, max(ys), hi - lo)


async def main(workflow, **params):
    scans = [await scan(workflow, x, params["n"]) for x in params["xs"]]
    scans.sort(key=lambda s: s.peak, reverse=True)
    for s in scans:
        print(f"x={s.x:g}: peak {s.peak:.3f} over width {s.width:.3f}")
    widest = max(scans, key=lambda s: s.width)
    await workflow.count.createTask(n=int(widest.peak))
