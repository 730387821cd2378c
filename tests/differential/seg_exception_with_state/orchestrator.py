class Unstable(RuntimeError):
    def __init__(self, dt):
        super().__init__(f"unstable down to {dt}")
        self.dt = dt


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
    raise Unstable(dt)


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["dt"])
    try:
        dt, res = await stable_dt(workflow, params["dt"], params["tries"])
    except Unstable as err:
        dt, res = err.dt, None
    await workflow.sq.createTask(x=dt)
    print("residual", res)
