import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    grid = np.linspace(0.0, 1.0, 3)
    table = {}
    for run, job in runs:
        if run.y > 2:
            table[job.x] = run.y
            kept = grid
    grid *= 2
    await workflow.lin.createTask(x=[float(v) for v in kept])
