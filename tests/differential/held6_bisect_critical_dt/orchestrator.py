from dataclasses import dataclass


@dataclass
class Probe:
    dt: float
    stable: bool
    res: float


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=0.05)
    parser.add_argument("--hi", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=0.01)
    parser.add_argument("--maxit", type=int, default=10)


async def main(workflow, **params):
    lo, hi = params["lo"], params["hi"]
    probes = []
    for _ in range(params["maxit"]):
        mid = 0.5 * (lo + hi)
        (run, job), = await workflow.solve.createTask(dt=mid)
        probes.append(Probe(mid, bool(run.ok), run.res))
        if run.ok:
            lo = mid
        else:
            hi = mid
        if hi - lo < params["tol"]:
            break
    critical = lo
    stable = [p for p in probes if p.stable]
    print(f"critical dt ~ {critical:.4f} after {len(probes)} probes, {len(stable)} stable")
    safety = [0.5, 0.8, 0.95]
    await workflow.lin.createTask(x=[round(f * critical, 6) for f in safety])
    await workflow.count.createTask(n=len(stable))
