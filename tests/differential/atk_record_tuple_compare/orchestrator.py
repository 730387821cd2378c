from typing import NamedTuple


class Point(NamedTuple):
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = [Point(job.x, run.y) for run, job in runs]
    best = max(points, key=lambda p: p.y)
    hits = sum(1 for p in points if p == (2.0, 4.0)) + int(best == [2.0, 4.0])
    await workflow.count.createTask(n=hits)
    await workflow.lin.createTask(x=best[1])
