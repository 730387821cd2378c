from collections import namedtuple

Level = namedtuple("Level", ["h", "u", "cells"])


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    levels = [Level(job.h, run.u, run.cells) for run, job in runs]
    finest = min(levels, key=lambda lv: lv.h)
    await workflow.sq.createTask(x=finest.u)
    ordered = sorted(levels, key=lambda lv: -lv.h)
    await workflow.lin.createTask(x=[abs(lv.u - 1.0) for lv in ordered])
    await workflow.lin.createTask(x=float(sum(lv.cells for lv in ordered)))
