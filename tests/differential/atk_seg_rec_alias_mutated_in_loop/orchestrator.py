from dataclasses import dataclass


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


@dataclass
class Point:
    h: float
    f: float


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    p0 = Point(params["x0"], 0.0)
    p1 = p0
    while p0.f < 5.0:
        (run, job), = await workflow.sq.createTask(x=p0.h)
        p0.f = run.y
        p0.h = p0.h + 1.0
    await workflow.lin.createTask(x=p1.h + p1.f)
