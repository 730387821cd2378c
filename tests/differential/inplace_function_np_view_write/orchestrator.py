import numpy as np


def damp(values):
    head = values[:1]
    head[0] = 0.0
    return values.sum()


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    total = damp(ys)
    await workflow.lin.createTask(x=[float(v) for v in ys] + [float(total)])
