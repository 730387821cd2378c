import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    grid = np.linspace(run.y - 1.0, run.y + 1.0, 5)
    await workflow.count.createTask(n=int(grid.argmax()) + int(grid.cumsum()[-1]))
    await workflow.sq.createTask(x=float(grid.clip(0.0, 2.5).max()))
