import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    ys = []
    for p in np.linspace(run.y, 2 * run.y, 3):
        (r, j), = await workflow.lin.createTask(x=float(p))
        ys.append(r.y)
    await workflow.count.createTask(n=len(ys))
