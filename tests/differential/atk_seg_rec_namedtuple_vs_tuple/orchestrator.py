from typing import NamedTuple


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


class Pt(NamedTuple):
    x: float
    y: float
    tag: str = "p"


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    last = Pt(x, 0.0)
    while last.y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        last = Pt(x, run.y)
        x += 1.0
    same = last == (3.0, 9.0, "p")
    listed = last == [3.0, 9.0, "p"]
    await workflow.lin.createTask(x=float(same) + 2.0 * float(listed) + float(last[1])
                                  + len(str(last)) + float(last.x == 3.0))
