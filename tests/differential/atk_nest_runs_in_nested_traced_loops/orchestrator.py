import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    fine = []
    for run, job in runs:
        for d in np.linspace(run.y, run.y + 1.0, 2):
            (r2, j2), = await workflow.sq.createTask(x=float(d))
            fine.append(r2.y)
    await workflow.mix.createTask(a=sum(fine), b=float(len(fine)))
    await workflow.count.createTask(n=[int(v) for v in fine])
    await workflow.count.createTask(n=int(fine[0]) + int(fine[-1]))
