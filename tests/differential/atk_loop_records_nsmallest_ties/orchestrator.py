import heapq
from typing import NamedTuple


class Point(NamedTuple):
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--k", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = [Point(job.x, run.y) for run, job in runs]
    goal = 0.0
    best = heapq.nsmallest(params["k"], points, key=lambda p: abs(p.y - goal))
    await workflow.lin.createTask(x=[p.x for p in best])
