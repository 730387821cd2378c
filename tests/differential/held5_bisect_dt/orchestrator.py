import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--dt-min", dest="dt_min", type=float, default=0.0)
    parser.add_argument("--dt-max", dest="dt_max", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-2)
    parser.add_argument("--max-iter", dest="max_iter", type=int, default=20)
    parser.add_argument("--n", type=int, default=5)


async def main(workflow, **params):
    lo, hi = params["dt_min"], params["dt_max"]
    solves = 0
    for it in range(params["max_iter"]):
        if hi - lo < params["tol"]:
            break
        mid = 0.5 * (lo + hi)
        (run, job), = await workflow.solve.createTask(dt=mid)
        solves += 1
        if run.ok:
            lo = mid
        else:
            hi = mid
    print(f"stable up to dt={lo:.4f} ({solves} solves)")
    grid = np.linspace(lo / 4, lo, params["n"])
    runs = await workflow.solve.createTask(dt=[float(d) for d in grid])
    stable = [(r, j) for r, j in runs if r.ok == 1]
    best_run, best_job = max(stable, key=lambda rj: rj[1].dt)
    print(f"largest grid step {best_job.dt:.4f}, residual {best_run.res:.2e}")
    await workflow.lin.createTask(x=best_job.dt)
