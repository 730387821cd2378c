import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    small = run.y + np.arange(3)
    await workflow.count.createTask(n=int(small.sum()))
    big = run.y + np.linspace(0.0, 1.0, 5000)
    await workflow.count.createTask(n=int(big.max()))
