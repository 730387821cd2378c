import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    got = []
    for run, job in runs:
        if run.y > 2.0:
            for d in np.linspace(0.0, run.y, 2):
                (r2, j2), = await workflow.sq.createTask(x=float(d))
                got.append(r2.y)
    await workflow.count.createTask(n=[int(v) for v in got])
