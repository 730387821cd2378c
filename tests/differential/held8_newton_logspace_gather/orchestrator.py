import asyncio
import statistics
from typing import NamedTuple

import numpy as np


class Solve(NamedTuple):
    start: float
    root: float
    steps: int
    converged: bool


def populate_arg_parser(parser):
    parser.add_argument("--decades", type=float, nargs=2, default=[-1.0, 1.0],
                        help="log10 of the smallest and largest start")
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--tol", type=float, default=1e-8)
    parser.add_argument("--cap", type=int, default=12)


async def iterate(workflow, x0, tol, cap):
    x = x0
    for k in range(1, cap + 1):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            return Solve(x0, x, k, True)
    return Solve(x0, x, cap, False)


async def main(workflow, **params):
    lo, hi = params["decades"]
    starts = np.logspace(lo, hi, params["starts"])
    results = await asyncio.gather(*[iterate(workflow, float(s), params["tol"], params["cap"])
                                     for s in starts])
    for r in sorted(results, key=lambda r: (r.steps, r.start)):
        flag = "" if r.converged else "  (cap reached)"
        print(f"x0 = {r.start:9.4f} -> {r.root:.12f} in {r.steps:2d} steps{flag}")
    print(f"mean number of steps: {statistics.mean(r.steps for r in results):.2f}")
    roots = np.array([r.root for r in results if r.converged])
    if roots.size > 1:
        print(f"spread of the roots: {roots.max() - roots.min():.1e}")
    slowest = max(results, key=lambda r: (r.steps, r.start))
    await workflow.sq.createTask(x=slowest.root)
    await workflow.count.createTask(n=sum(r.steps for r in results))
