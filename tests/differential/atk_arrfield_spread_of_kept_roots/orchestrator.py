from typing import NamedTuple

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


class Step(NamedTuple):
    start: float
    next: float
    ok: bool


async def main(workflow, **params):
    runs = await workflow.newton.createTask(x=params["xs"])
    steps = []
    for run, job in runs:
        steps.append(Step(job.x, run.next, run.err < 1.0))
    nexts = np.array([s.next for s in steps if s.ok])
    if nexts.size > 1:
        await workflow.sq.createTask(x=float(nexts.max() - nexts.min()))
    await workflow.sq.createTask(x=round(float(nexts.mean()), 6) if nexts.size else -1.0)
