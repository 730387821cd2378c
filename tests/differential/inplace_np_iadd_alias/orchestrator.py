import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    kept = ys
    ys += 1.0
    await workflow.lin.createTask(x=[float(v) for v in kept])
