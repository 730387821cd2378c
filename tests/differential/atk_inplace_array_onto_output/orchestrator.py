import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    base = np.zeros(2)
    alias = base
    runs = await workflow.sq.createTask(x=params["xs"])
    base += runs[0][0].y
    await workflow.lin.createTask(x=[float(v) for v in alias])
