import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=0.0)
    parser.add_argument("--hi", type=float, default=2.0)
    parser.add_argument("--n0", type=int, default=5)
    parser.add_argument("--jump", type=float, default=1.0, help="refine where |dy| exceeds it")


async def main(workflow, **params):
    xs = np.linspace(params["lo"], params["hi"], params["n0"])
    runs = await workflow.sq.createTask(x=xs.tolist())
    ys = np.array([run.y for run, job in runs])
    dy = np.abs(np.diff(ys))
    cut = np.nonzero(dy > params["jump"])[0]
    mids = 0.5 * (xs[cut] + xs[cut + 1])
    print(f"{len(mids)} intervals refined: {mids}")
    if len(mids):
        extra = await workflow.sq.createTask(x=mids.tolist())
        xs = np.concatenate([xs, mids])
        ys = np.concatenate([ys, [run.y for run, job in extra]])
    order = np.argsort(xs)
    xs, ys = xs[order], ys[order]
    integral = float(np.sum(0.5 * (ys[1:] + ys[:-1]) * np.diff(xs)))
    await workflow.lin.createTask(x=round(integral, 10))
