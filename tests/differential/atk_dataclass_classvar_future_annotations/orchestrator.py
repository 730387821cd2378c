from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


@dataclass
class Point:
    seen: ClassVar[list] = []
    h: float = 0.0


async def main(workflow, **params):
    p = Point(params["x0"])
    Point.seen.append(p.h * 2.0)
    runs = await workflow.sq.createTask(x=[p.h])
    await workflow.lin.createTask(x=[r.y for r, j in runs] + Point.seen)
