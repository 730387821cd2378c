import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=5.0)
    parser.add_argument("--k", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)


async def main(workflow, **params):
    centers = list(np.linspace(0.0, 4.0, 5))
    width = 1.0
    best = []
    for _rnd in range(params["rounds"]):
        candidates = []
        for c in centers:
            for x in np.linspace(c - width / 2, c + width / 2, 3):
                (run, job), = await workflow.sq.createTask(x=round(float(x), 6))
                candidates.append((abs(run.y - params["target"]), float(x)))
        candidates.sort()
        best = candidates[: params["k"]]
        centers = [x for _, x in best]
        width /= 3
    err, x = best[0]
    await workflow.mix.createTask(a=x, b=err)
    await workflow.count.createTask(n=int(np.argmin([e for e, _ in best])))
