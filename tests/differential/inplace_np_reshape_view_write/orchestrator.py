import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    col = ys.reshape(3, 1)
    col[2, 0] = 0.5
    await workflow.lin.createTask(x=[float(v) for v in ys])
