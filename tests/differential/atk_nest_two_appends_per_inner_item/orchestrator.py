import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    flat = []
    for run, job in runs:
        for d in np.linspace(run.y, run.y + 1.0, 2):
            (r2, j2), = await workflow.sq.createTask(x=float(d))
            flat.append(r2.y)
            flat.append(j2.x)
    await workflow.count.createTask(n=[int(v) for v in flat])
