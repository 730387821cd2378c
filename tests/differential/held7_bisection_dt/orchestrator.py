class BracketError(Exception):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=0.05)
    parser.add_argument("--hi", type=float, default=1.0)
    parser.add_argument("--max-steps", type=int, default=6)
    parser.add_argument("--rtol", type=float, default=0.05)


async def stable(workflow, dt):
    (run, job), = await workflow.solve.createTask(dt=dt)
    return run.ok == 1, run.res


async def main(workflow, **params):
    lo, hi = params["lo"], params["hi"]
    try:
        ok_lo, _ = await stable(workflow, lo)
        ok_hi, _ = await stable(workflow, hi)
        if not ok_lo or ok_hi:
            raise BracketError(f"[{lo}, {hi}] does not bracket the limit")
    except BracketError as err:
        print("skipping bisection:", err)
        await workflow.count.createTask(n=0)
        return
    steps = 0
    while steps < params["max_steps"] and (hi - lo) > params["rtol"] * hi:
        mid = 0.5 * (lo + hi)
        ok, res = await stable(workflow, mid)
        if ok:
            lo = mid
        else:
            hi = mid
        steps += 1
    print(f"stability limit in [{lo:.4f}, {hi:.4f}] after {steps} steps")
    await workflow.lin.createTask(x=lo)
    await workflow.count.createTask(n=steps)
