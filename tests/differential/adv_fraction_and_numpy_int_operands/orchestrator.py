from fractions import Fraction

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    (r0, j0), (r1, j1) = await workflow.sq.createTask(x=params["xs"])
    half = r0.y + Fraction(1, 2)
    await workflow.lin.createTask(x=float(half))
    tripled = r1.y * np.int64(3)
    await workflow.lin.createTask(x=float(tripled) - half)
