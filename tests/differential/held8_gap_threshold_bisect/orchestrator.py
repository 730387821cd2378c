from collections import Counter

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--span", type=float, nargs=2, default=[0.0, 16.0])
    parser.add_argument("--points", type=int, default=5)
    parser.add_argument("--bin", type=float, default=5.0)
    parser.add_argument("--tol", type=float, default=0.5)
    parser.add_argument("--cap", type=int, default=8)


async def has_output(workflow, x):
    (run, job), = await workflow.gap.createTask(x=x)
    return run.y is not None


async def main(workflow, **params):
    grid = np.linspace(*params["span"], params["points"])
    runs = await workflow.gap.createTask(x=grid.tolist())
    present, missing = Counter(), Counter()
    for run, job in runs:
        (present if run.y is not None else missing)[int(job.x // params["bin"])] += 1
    bins = sorted(set(present) | set(missing))
    coverage = {b: present[b] / (present[b] + missing[b]) for b in bins}
    for b in bins:
        lo_edge, hi_edge = b * params["bin"], (b + 1) * params["bin"]
        print(f"[{lo_edge:5.1f}, {hi_edge:5.1f}): {present[b]} ok, {missing[b]} missing "
              f"({coverage[b]:.0%})")
    ok_xs = [job.x for run, job in runs if run.y is not None]
    bad_xs = [job.x for run, job in runs if run.y is None]
    if not bad_xs or not ok_xs:
        await workflow.count.createTask(n=len(bad_xs))
        return
    lo, hi = max(ok_xs), min(bad_xs)
    probes = 0
    while hi - lo > params["tol"] and probes < params["cap"]:
        mid = 0.5 * (lo + hi)
        if await has_output(workflow, mid):
            lo = mid
        else:
            hi = mid
        probes += 1
    print(f"outputs vanish between x = {lo:.4f} and x = {hi:.4f} ({probes} probes)")
    await workflow.lin.createTask(x=lo)
    await workflow.count.createTask(n=sum(missing.values()))
