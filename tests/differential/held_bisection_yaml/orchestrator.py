import os

import yaml

HERE = os.path.dirname(__file__)


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=1.0)
    parser.add_argument("--hi", type=float, default=2.0)
    parser.add_argument("--settings", default="search.yaml")


async def residual(workflow, x, target):
    (run, job), = await workflow.sq.createTask(x=x)
    return run.y - target


async def main(workflow, **params):
    with open(os.path.join(HERE, params["settings"])) as f:
        cfg = yaml.safe_load(f)
    lo, hi = params["lo"], params["hi"]
    flo = await residual(workflow, lo, cfg["target"])
    fhi = await residual(workflow, hi, cfg["target"])
    if flo * fhi > 0:
        raise ValueError(f"target {cfg['target']} not bracketed by [{lo}, {hi}]")
    it = 0
    while hi - lo > cfg["tol"] and it < cfg["maxit"]:
        mid = 0.5 * (lo + hi)
        fm = await residual(workflow, mid, cfg["target"])
        if fm * flo <= 0:
            hi = mid
        else:
            lo, flo = mid, fm
        it += 1
    root = 0.5 * (lo + hi)
    print(f"root {root:.5f} after {it} iterations")
    await workflow.lin.createTask(x=root)
