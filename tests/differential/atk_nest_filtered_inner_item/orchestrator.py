import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    big = []
    for run, job in runs:
        for d in np.linspace(run.y, run.y + 2.0, 3):
            (r2, j2), = await workflow.sq.createTask(x=float(d))
            if r2.y > 5.0:
                big.append(r2.y)
    await workflow.count.createTask(n=len(big))
    await workflow.count.createTask(n=[int(v) for v in big])
