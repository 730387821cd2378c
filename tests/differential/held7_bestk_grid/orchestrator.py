import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=5.0)
    parser.add_argument("--k", type=int, default=2)
    parser.add_argument("--n", type=int, default=5)


async def main(workflow, **params):
    grid = np.linspace(0.0, 4.0, params["n"])
    runs = await workflow.sq.createTask(x=[float(x) for x in grid])
    ranked = sorted(runs, key=lambda rj: abs(rj[0].y - params["target"]))
    best = ranked[: params["k"]]
    offsets = np.array([-0.25, 0.0, 0.25])
    fine = []
    for run, job in best:
        for x in job.x + offsets:
            fine.extend(await workflow.sq.createTask(x=float(x)))
    winner = min(fine, key=lambda rj: abs(rj[0].y - params["target"]))
    await workflow.mix.createTask(a=winner[1].x, b=abs(winner[0].y - params["target"]))
    await workflow.count.createTask(n=len(fine))
