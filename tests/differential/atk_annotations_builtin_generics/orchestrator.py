from typing import Optional


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


def helper(xs: list[float], d: dict[str, int] | None = None) -> tuple[float, ...]:
    return tuple(x * 2.0 for x in xs)


class Box:
    items: list[float]
    pair: tuple[int, str]
    seen: set[int] = set()
    o: Optional[float] = None  # noqa: UP045


async def main(workflow, **params):
    v: list[float] = list(helper([params["x0"], 2.0]))
    runs = await workflow.sq.createTask(x=v)
    ys: dict[float, float] = {j.x: r.y for r, j in runs}
    await workflow.lin.createTask(x=[ys[x] for x in v] + [float(len(Box.__annotations__))])
