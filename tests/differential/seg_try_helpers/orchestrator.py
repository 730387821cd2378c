class Unstable(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=4)
    parser.add_argument("--fallback-dt", dest="fallback_dt", type=float, default=0.01)


def halved(dt):
    return dt * 0.5


async def stable_dt(workflow, dt, tries):
    tried = []
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dt)
        tried.append(dt)
        if run.ok:
            return dt, run.res, tried
        dt = halved(dt)
    raise Unstable(f"no stable step after {tries} tries (last dt={dt})")


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["dt"])
    note = "none"
    try:
        dt, res, tried = await stable_dt(workflow, params["dt"], params["tries"])
    except Unstable as err:
        print("giving up:", err)
        dt, res, tried = params["fallback_dt"], None, []
    else:
        note = f"stable after {len(tried)}"
    finally:
        print("tried", params["tries"])
    print(note)
    await workflow.lin.createTask(x=[dt, len(tried)])
    if res is not None:
        await workflow.sq.createTask(x=res * 1000)
