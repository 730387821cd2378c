from dataclasses import dataclass


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


@dataclass
class Point:
    x: float
    y: float
    seen = []


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    p = Point(x, 0.0)
    while p.y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        p = Point(x, run.y)
        Point.seen.append(p.y)
        x += 1.0
    await workflow.lin.createTask(x=p.y + len(Point.seen))
