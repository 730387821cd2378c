from dataclasses import dataclass


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


@dataclass
class Point:
    x: float
    y: float


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    pts = []
    y = 0.0
    while y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        y = run.y
        pts.append(Point(x, y))
        x += 1.0
    for p in pts:
        await workflow.lin.createTask(x=p.y)
