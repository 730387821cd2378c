from typing import NamedTuple


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


class Pair(NamedTuple):
    a: float
    b: int


class Pt(NamedTuple):
    xy: tuple
    inner: Pair
    n: int = 0


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    last = Pt((x, 0.0), Pair(0.0, 0))
    while last.xy[1] < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        last = Pt((x, run.y), Pair(run.y, 1), last.n + 1)
        x += 1.0
    same = last.xy == (3.0, 9.0)
    await workflow.lin.createTask(x=float(same) + float(len(repr(last)))
                                  + float(last.inner == (9.0, 1)) + float(last.n))
