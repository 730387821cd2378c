import csv
import math
from collections import namedtuple
from pathlib import Path

Row = namedtuple("Row", ["level", "h", "cells", "u", "u_rich", "change"])


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--ratio", type=float, default=2.0)
    parser.add_argument("--order", type=float, default=2.0, help="assumed order of the scheme")
    parser.add_argument("--tol", type=float, default=5e-4)
    parser.add_argument("--max-levels", type=int, default=7)
    parser.add_argument("--out", default="richardson.csv")


async def main(workflow, **params):
    r, p = params["ratio"], params["order"]
    factor = r ** p - 1.0
    rows = []
    h = params["h0"]
    for level in range(params["max_levels"]):
        (run, job), = await workflow.mesh.createTask(h=h)
        if not rows:
            rows.append(Row(level, job.h, run.cells, run.u, math.nan, math.nan))
        else:
            u_rich = run.u + (run.u - rows[-1].u) / factor
            change = abs(u_rich - rows[-1].u_rich)
            rows.append(Row(level, job.h, run.cells, run.u, u_rich, change))
            if change < params["tol"]:
                break
        h /= r
    print(f"{'lvl':>3} {'h':>8} {'cells':>5} {'u':>11} {'u_rich':>11} {'change':>9}")
    for row in rows:
        print(f"{row.level:3d} {row.h:8.5f} {row.cells:5d} {row.u:11.8f} "
              f"{row.u_rich:11.8f} {row.change:9.2e}")
    with open(Path(__file__).with_name(params["out"]), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(Row._fields)
        w.writerows(rows)
    orders = [math.log(abs(a.u - b.u) / abs(b.u - c.u)) / math.log(r)
              for a, b, c in zip(rows, rows[1:], rows[2:])]
    print("observed orders:", ", ".join(f"{q:.3f}" for q in orders))
    last = rows[-1]
    if last.change < params["tol"]:
        await workflow.lin.createTask(x=round(last.u_rich, 8))
        await workflow.count.createTask(n=last.cells)
    else:
        await workflow.count.createTask(n=-len(rows))
