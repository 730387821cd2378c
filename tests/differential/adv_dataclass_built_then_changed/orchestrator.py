from dataclasses import dataclass, field


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


@dataclass(order=True, frozen=True)
class Point:
    miss: float
    x: float


@dataclass
class Result:
    x: float
    y: float
    ratio: float = field(init=False)

    def __post_init__(self):
        self.ratio = self.y / self.x

    @property
    def scaled(self):
        return self.ratio * 10


async def main(workflow, **params):
    (r1, j1), = await workflow.sq.createTask(x=params["xs"][0])
    (r2, j2), = await workflow.sq.createTask(x=params["xs"][1])
    a, b = Point(abs(r1.y - 4), j1.x), Point(abs(r2.y - 4), j2.x)
    best = a if a < b else b
    if a == b:
        await workflow.count.createTask(n=1)
    await workflow.lin.createTask(x=best.x)
    res = Result(j2.x, r2.y)
    alias = res
    if r1.y < r2.y:
        alias.y = r1.y
    kept = [res]
    if res.ratio > 2:
        kept.append(Result(j1.x, r1.y))
    await workflow.lin.createTask(x=res.y + res.scaled)
    await workflow.count.createTask(n=len(kept))
