import dataclasses


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


@dataclasses.dataclass(frozen=True)
class Point:
    x: float
    y: float


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    p = Point(x, 0.0)
    while p.y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        p = Point(x, run.y)
        x += 1.0
    q = dataclasses.replace(p, x=10.0)
    d = dataclasses.asdict(q)
    await workflow.lin.createTask(x=d["x"] + d["y"] + float(hash(p) == hash(Point(3.0, 9.0))))
