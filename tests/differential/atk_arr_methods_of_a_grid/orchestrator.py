import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([run.y for run, job in runs])
    await workflow.mix.createTask(a=float(ys.mean()), b=float(ys.std(ddof=1)))
    await workflow.count.createTask(n=int(ys.argmin()) + 10 * int(ys.max()))
    await workflow.count.createTask(n=[int(v) for v in ys.tolist()])
    centred = ys - ys.mean()
    await workflow.mix.createTask(a=round(float(centred.round(3).sum()), 6), b=1.0)
