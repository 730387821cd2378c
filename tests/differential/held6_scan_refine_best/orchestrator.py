import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.5)
    parser.add_argument("--target", type=float, default=4.0)
    parser.add_argument("--lo", type=float, default=0.0)
    parser.add_argument("--hi", type=float, default=4.0)
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)


def misfit(pair, target):
    run, job = pair
    return abs(run.y - target)


async def main(workflow, **params):
    a, target = params["a"], params["target"]
    lo, hi = params["lo"], params["hi"]
    seen = {}
    for rnd in range(params["rounds"]):
        bs = np.linspace(lo, hi, params["n"])
        runs = await workflow.mix.createTask(a=a, b=[float(b) for b in bs])
        for run, job in runs:
            seen[job.b] = run.y
        best_run, best_job = min(runs, key=lambda p: misfit(p, target))
        width = (hi - lo) / (params["n"] - 1)
        lo, hi = best_job.b - width, best_job.b + width
        print(f"round {rnd}: best b={best_job.b:.4f} y={best_run.y:.4f}")
    ranked = sorted(seen.items(), key=lambda kv: abs(kv[1] - target))
    top = [b for b, y in ranked[:3]]
    await workflow.lin.createTask(x=top)
