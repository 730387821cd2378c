import csv
import math
import os
from collections import namedtuple

Result = namedtuple("Result", ["h", "u", "err"])
EXACT = 1.0


def populate_arg_parser(parser):
    parser.add_argument("--levels", default="mesh_levels.csv")
    parser.add_argument("--min_order", type=float, default=1.5)


async def level(workflow, h):
    runs = await workflow.mesh.createTask(h=h)
    run, job = runs[0]
    return Result(job.h, run.u, abs(run.u - EXACT))


async def main(workflow, **params):
    path = os.path.join(os.path.dirname(__file__), params["levels"])
    with open(path) as fh:
        reader = csv.reader(fh)
        next(reader)
        hs = [float(row[0]) for row in reader if row and not row[0].startswith("#")]
    results = []
    for h in hs:
        results.append(await level(workflow, h))
    orders = []
    for coarse, fine in zip(results, results[1:]):
        p = math.log(coarse.err / fine.err) / math.log(coarse.h / fine.h)
        orders.append(p)
        print(f"h {coarse.h:g} -> {fine.h:g}: order {p:.3f}")
    kept = [r for r, p in zip(results[1:], orders) if p >= params["min_order"]]
    await workflow.sq.createTask(x=[r.err * 100 for r in kept])
    await workflow.count.createTask(n=len(kept))
