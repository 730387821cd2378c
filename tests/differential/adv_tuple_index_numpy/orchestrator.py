import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    grid = np.reshape([run.y for run, job in runs], (2, 2))
    await workflow.lin.createTask(x=float(grid[1, 0]))
