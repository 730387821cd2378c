import asyncio
import heapq
import os
from typing import NamedTuple

import yaml


class Point(NamedTuple):
    a: float
    b: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--grid", default="grid.yaml")
    parser.add_argument("--k", type=int, default=2)


async def refine(workflow, pt, goal):
    runs = await workflow.sq.createTask(x=[pt.a + pt.b, abs(pt.y - goal) + 0.1])
    return [run.id for run, job in runs]


async def main(workflow, **params):
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), params["grid"])) as f:
        grid = yaml.safe_load(f)
    runs = await workflow.mix.createTask(a=grid["a"], b=grid["b"])
    points = [Point(job.a, job.b, run.y) for run, job in runs]
    goal = grid.get("goal", 0.0)
    best = heapq.nsmallest(params["k"], points, key=lambda p: abs(p.y - goal))
    for p in best:
        print(f"a={p.a} b={p.b} y={p.y:.3f}")
    tasks = [asyncio.create_task(refine(workflow, p, goal)) for p in best]
    ids = []
    for t in tasks:
        for i in await t:
            if i not in ids:
                ids.append(i)
    await workflow.total.createTask(sq_ids=ids)
