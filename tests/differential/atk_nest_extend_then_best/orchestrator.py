import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    best = sorted(runs, key=lambda rj: abs(rj[0].y - 2.0))[:2]
    offsets = np.array([-0.25, 0.25])
    fine = []
    for run, job in best:
        for x in job.x + offsets:
            fine.extend(await workflow.sq.createTask(x=float(x)))
    winner = min(fine, key=lambda rj: abs(rj[0].y - 2.0))
    await workflow.mix.createTask(a=winner[1].x, b=abs(winner[0].y - 2.0))
    await workflow.count.createTask(n=len(fine))
