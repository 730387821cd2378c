from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = [Point(job.x, run.y) for run, job in runs]
    ranked = sorted(points, key=lambda p: p.y)
    ranked[0].y = 100.0
    again = sorted(points, key=lambda p: p.y)
    await workflow.lin.createTask(x=[p.x for p in again])
