import itertools
import math

import numpy as np
from postprocess import damped


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=0.0)
    parser.add_argument("--hi", type=float, default=1.0)
    parser.add_argument("--n", type=int, default=5, help="grid points")
    parser.add_argument("--bs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    grid = np.linspace(params["lo"], params["hi"], params["n"])
    runs = await workflow.sq.createTask(x=[float(x) for x in grid])
    for a, b in itertools.product([1.0, 3.0], params["bs"]):
        await workflow.mix.createTask(a=a, b=b)
    ys = [run.y for run, job in runs]
    for value in damped(ys, 0.5):
        await workflow.lin.createTask(x=value)
    await workflow.lin.createTask(x=math.sqrt(sum(ys)) + float(np.mean(grid)))
