from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    (r, _), = await workflow.sq.createTask(x=params["x"])
    p = Point(params["x"], r.y)
    match p:
        case Point(y=int(n)):
            await workflow.count.createTask(n=n)
        case Point(y=y):
            await workflow.count.createTask(n=int(y) + 100)
