from collections import namedtuple

Attempt = namedtuple("Attempt", ["dt", "ok", "res"])


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=6)
    parser.add_argument("--extra", type=int, default=2, help="finer steps after the stable one")


async def main(workflow, **params):
    attempts = []
    dt = params["dt"]
    for _ in range(params["tries"]):
        (run, job), = await workflow.solve.createTask(dt=dt)
        attempts.append(Attempt(dt, run.ok, run.res))
        if run.ok:
            break
        dt /= 2
    else:
        raise RuntimeError(f"no stable step down to dt={dt}")
    stable_dt = attempts[-1].dt
    finer = [stable_dt / 2 ** k for k in range(1, params["extra"] + 1)]
    refined = await workflow.solve.createTask(dt=finer)
    res = [attempts[-1].res] + [run.res for run, job in refined]
    ratios = [a / b for a, b in zip(res, res[1:])]
    print("residual ratios", ratios)
    await workflow.count.createTask(n=len(attempts) * 10 + round(ratios[-1]))
