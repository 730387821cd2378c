from dataclasses import dataclass


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


@dataclass
class Point:
    x: float
    y: float


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    first = Point(0.0, 0.0)
    keep = first
    other = first
    x = params["x0"]
    pts = []
    while keep.y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        keep = Point(x, run.y)
        other = keep
        pts = [keep, other]
        x += 1.0
    await workflow.lin.createTask(x=other.y + float(pts[0] == pts[1]) + first.y
                                  + float(keep == other))
