class Unstable(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)


async def main(workflow, **params):
    dt = params["dt"]
    res = None
    tried = []
    for attempt in range(5):
        try:
            (run, job), = await workflow.solve.createTask(dt=dt)
            tried.append(dt)
            if not run.ok:
                raise Unstable(dt)
            res = run.res
            break
        except Unstable:
            dt = dt / 2
    await workflow.lin.createTask(x=dt)
    await workflow.count.createTask(n=len(tried))
    if res is not None:
        await workflow.sq.createTask(x=res * 100)
