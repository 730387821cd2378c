from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


async def main(workflow, **params):
    (r, _), = await workflow.sq.createTask(x=params["x"])
    match Point(params["x"], r.y):
        case Point(y=4.0):
            await workflow.count.createTask(n=4)
        case Point(x=x, y=y):
            await workflow.count.createTask(n=int(y - x))
