import math
from typing import NamedTuple


class Level(NamedTuple):
    h: float
    err: float


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--nlev", type=int, default=3)


async def level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(job.h, abs(run.u - 1.0))


async def main(workflow, **params):
    levels = []
    for i in range(params["nlev"]):
        levels.append(await level(workflow, params["h0"] / 2 ** i))
    orders = [math.log(a.err / b.err) / math.log(a.h / b.h)
              for a, b in zip(levels, levels[1:])]
    await workflow.sq.createTask(x=orders)
    kept = [b.h for a, b in zip(levels, levels[1:]) if b.err < a.err]
    await workflow.count.createTask(n=len(kept))
