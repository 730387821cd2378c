import logging
from collections import namedtuple

log = logging.getLogger("mesh-study")

Level = namedtuple("Level", ["h", "u", "cells"])


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5, help="coarsest mesh size")
    parser.add_argument("--levels", type=int, default=5, help="at most this many levels")
    parser.add_argument("--rtol", type=float, default=0.02)


async def solve_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(h, run.u, run.cells)


async def main(workflow, **params):
    history = []
    h = params["h0"]
    for level in range(params["levels"]):
        res = await solve_level(workflow, h)
        history.append(res)
        log.info("level %d: h=%g u=%.6f cells=%d", level, res.h, res.u, res.cells)
        if len(history) > 1:
            change = abs(history[-1].u - history[-2].u) / abs(history[-1].u)
            if change < params["rtol"]:
                log.info("converged: change %.2e", change)
                break
        h /= 2
    finest = history[-1]
    await workflow.sq.createTask(x=finest.u)
