import math
import os
from dataclasses import dataclass


def abs(x):
    return x * 10.0


@dataclass
class Level:
    h: float
    u: float
    cells: int

    @property
    def error(self):
        """The distance to the exact value."""
        return abs(self.u - 1.0)

    @property
    def log_h(self):
        return math.log(self.h) if self.h > 0 else -math.inf


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--levels", type=int, default=3)


async def run_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(h=h, u=run.u, cells=run.cells)


async def main(workflow, **params):
    levels = []
    h = params["h0"]
    for _ in range(params["levels"]):
        levels.append(await run_level(workflow, h))
        h = h / 2
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "levels.csv"), "w") as f:
        for lv in levels:
            f.write(f"{lv.h},{lv.u},{lv.cells},{lv.error}\n")
    await workflow.sq.createTask(x=max(levels, key=lambda lv: lv.cells).error)

