import heapq
from typing import NamedTuple


class Point(NamedTuple):
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = [Point(job.x, run.y) for run, job in runs if run.y > 0.5]
    top = heapq.nlargest(2, points, key=lambda p: p.y)
    await workflow.lin.createTask(x=[p.x for p in top])
