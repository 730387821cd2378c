from typing import NamedTuple


class Point(NamedTuple):
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = []
    for run, job in runs:
        await workflow.lin.createTask(x=run.y)
        points.append(Point(job.x, run.y))
    goal = 1.5
    best = min(points, key=lambda p: (abs(p.y - goal), p.x))
    await workflow.lin.createTask(x=best.x + 10.0)
