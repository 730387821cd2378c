import asyncio

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--k", type=int, default=2)
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--width", type=float, default=0.5)


async def refine(workflow, a, width, n):
    xs = np.linspace(a - width, a + width, n)
    return await workflow.sq.createTask(x=[float(v) for v in xs])


async def main(workflow, **params):
    a_grid = np.linspace(0.0, 2.0, params["n"])
    b_grid = np.array([0.5, 1.5])
    runs = await workflow.mix.createTask(a=a_grid.tolist(), b=b_grid.tolist())
    table = {(job.a, job.b): run.y for run, job in runs}
    best = sorted(table, key=lambda ab: abs(table[ab] - 2.0))[: params["k"]]
    batches = await asyncio.gather(*(refine(workflow, a, params["width"], params["n"])
                                     for a, b in best))
    ids = [run.id for batch in batches for run, job in batch]
    await workflow.total.createTask(sq_ids=ids)
