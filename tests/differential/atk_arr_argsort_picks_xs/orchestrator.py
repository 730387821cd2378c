import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([run.y for run, job in runs])
    order = ys.argsort()
    await workflow.count.createTask(n=[int(i) for i in order])
    await workflow.lin.createTask(x=float(ys[order[0]]))
