import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--studies", nargs="+", default=["lin", "sq"])
    parser.add_argument("--n", type=int, default=4)
    parser.add_argument("--span", type=float, nargs=2, default=[-1.0, 3.0])
    parser.add_argument("--max-degree", type=int, default=3)
    parser.add_argument("--atol", type=float, default=1e-8)


async def main(workflow, **params):
    xs = np.linspace(*params["span"], params["n"])
    models = {}
    for name in params["studies"]:
        runs = await getattr(workflow, name).createTask(x=xs.tolist())
        x = np.array([job.x for run, job in runs])
        y = np.array([run.y for run, job in runs])
        for deg in range(params["max_degree"] + 1):
            coeffs = np.polyfit(x, y, deg)
            err = float(np.max(np.abs(np.polyval(coeffs, x) - y)))
            if err < params["atol"]:
                break
        models[name] = (deg, coeffs, err)
        print(f"{name:>4}: degree {deg}, max residual {err:.1e}, "
              f"coefficients {[round(float(c), 6) for c in coeffs]}")
    lo, hi = params["span"]
    x_new = hi + (hi - lo) / 2
    worst = 0.0
    for name, (deg, coeffs, err) in models.items():
        (run, job), = await getattr(workflow, name).createTask(x=x_new)
        pred = float(np.polyval(coeffs, x_new))
        rel = abs(pred - run.y) / max(abs(run.y), 1e-12)
        worst = max(worst, rel)
        print(f"{name:>4}: at x = {job.x} predicted {pred:.6f}, ran {run.y:.6f} ({rel:.1e})")
    tag = "+".join(f"{name}{models[name][0]}" for name in sorted(models))
    await workflow.label.createTask(name=tag if worst < 1e-6 else tag + "-refit")
    await workflow.count.createTask(n=sum(deg for deg, _, _ in models.values()))
