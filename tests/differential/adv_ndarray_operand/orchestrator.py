import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        shifted = run.y + np.arange(2)
        await workflow.lin.createTask(x=shifted.tolist())
    (r0, j0), (r1, j1) = runs
    spread = r1.y * np.array([0.5, -1.0]) + r0.y
    await workflow.sq.createTask(x=float(spread.max()))
