class Unstable(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=4)
    parser.add_argument("--fallback-dt", dest="fallback_dt", type=float, default=0.01)


async def stable_dt(workflow, dts, tries):
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dts[-1])
        if run.ok:
            return dts[-1], run.res
        dts *= 2
        dts[-1] = dts[-1] * 0.5
    raise Unstable(f"no stable step after {tries} tries")


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["dt"])
    dts = [params["dt"]]
    try:
        dt, res = await stable_dt(workflow, dts, params["tries"])
    except Unstable:
        dt, res = params["fallback_dt"], None
    await workflow.sq.createTask(x=len(dts) + dt)
    print("residual", res)
