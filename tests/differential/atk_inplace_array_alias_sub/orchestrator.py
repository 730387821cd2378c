import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    arr = np.array(params["xs"])
    shifted = arr
    runs = await workflow.sq.createTask(x=params["xs"])
    shifted -= runs[0][0].y
    await workflow.lin.createTask(x=[float(v) for v in arr])
