class Unstable(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=4)
    parser.add_argument("--fallback-dt", dest="fallback_dt", type=float, default=0.01)

FACTORS = {"halve": 0.5}


async def stable(workflow, dt, tries):
    for attempt in range(tries):
        pair = (await workflow.solve.createTask(dt=dt))[0]
        if pair[0].ok:
            return pair
        dt = dt * FACTORS["halve"]
    raise Unstable(f"no stable step after {tries} tries (last dt={dt})")


async def main(workflow, **params):
    last = None
    try:
        last = await stable(workflow, params["dt"], params["tries"] + 2)
    except Unstable as err:
        print(f"gave up: {err}")
    run, job = last
    await workflow.lin.createTask(x=job.dt)
    await workflow.sq.createTask(x=run.res)
