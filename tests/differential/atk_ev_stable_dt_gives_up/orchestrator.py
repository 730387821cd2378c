class Unstable(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=4)
    parser.add_argument("--fallback-dt", dest="fallback_dt", type=float, default=0.01)


async def stable_dt(workflow, dt, tries):
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dt)
        if run.ok:
            return dt, run.res
        dt *= 0.5
    raise Unstable(f"no stable step after {tries} tries (last dt={dt})")


async def main(workflow, **params):
    try:
        dt, res = await stable_dt(workflow, params["dt"], params["tries"])
    except Unstable as err:
        print("giving up:", err)
        dt, res = params["fallback_dt"], None
    await workflow.lin.createTask(x=dt)
    if res is not None:
        await workflow.sq.createTask(x=res * 1000)
