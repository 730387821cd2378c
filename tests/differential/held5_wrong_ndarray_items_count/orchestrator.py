import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    sizes = []
    for p in np.linspace(run.y, 2 * run.y, 3):
        runs = await workflow.lin.createTask(x=float(p))
        sizes.append(len(runs))
    await workflow.count.createTask(n=sum(sizes))
