import numpy as np


def double(values):
    np.multiply(values, 2.0, out=values)
    return float(np.sum(values))


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    total = double(ys)
    await workflow.lin.createTask(x=[float(v) for v in ys] + [float(total)])
