import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    deep = []
    for run, job in runs:
        for a in np.linspace(0.0, run.y, 2):
            for b in np.linspace(a, a + 1.0, 2):
                (r2, j2), = await workflow.sq.createTask(x=float(b))
                deep.append(r2.y)
    await workflow.count.createTask(n=[int(v) for v in deep])
