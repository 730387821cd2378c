import csv
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--schemes", default="schemes.csv")
    parser.add_argument("--max-tries", type=int, default=6)


async def first_stable(workflow, dt, factor, max_tries):
    tried = []
    for _ in range(max_tries):
        (run, job), = await workflow.solve.createTask(dt=round(dt, 6))
        tried.append((job.dt, run.ok, run.res))
        if run.ok:
            return job.dt, run.res, tried
        dt *= factor
    return None, None, tried


async def main(workflow, **params):
    with open(HERE / params["schemes"], newline="") as f:
        rows = list(csv.DictReader(f))
    found = {}
    for row in rows:
        dt, res, tried = await first_stable(workflow, float(row["dt0"]), float(row["factor"]),
                                            params["max_tries"])
        found[row["scheme"]] = {"dt": dt, "res": res, "tries": len(tried)}
    stable = {k: v for k, v in found.items() if v["dt"] is not None}
    ranking = sorted(stable, key=lambda k: stable[k]["dt"], reverse=True)
    print(f"{'scheme':<10}{'dt':>10}{'res':>12}{'tries':>6}")
    for name in ranking:
        v = stable[name]
        print(f"{name:<10}{v['dt']:>10.4f}{v['res']:>12.3e}{v['tries']:>6d}")
    for name in sorted(set(found) - set(stable)):
        print(f"{name:<10}{'unstable':>10}{'-':>12}{found[name]['tries']:>6d}")
    with open(HERE / "stable_dt.json", "w") as f:
        json.dump(found, f, indent=1, sort_keys=True)
    best = ranking[0]
    steps_per_unit_time = {k: 1.0 / v["dt"] for k, v in stable.items()}
    await workflow.lin.createTask(x=stable[best]["dt"])
    await workflow.count.createTask(n=round(sum(steps_per_unit_time.values())))
