import contextlib


class Unstable(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=4)
    parser.add_argument("--fallback-dt", dest="fallback_dt", type=float, default=0.01)



async def main(workflow, **params):
    dt, res = params["dt"], None
    with contextlib.suppress(Unstable):
        while True:
            (run, job), = await workflow.solve.createTask(dt=dt)
            if run.ok:
                res = run.res
                break
            dt = run.res * 0.5
            if dt < 0.3:
                raise Unstable(f"too small: {dt}")
    await workflow.lin.createTask(x=dt)
    await workflow.sq.createTask(x=dt if res is None else res)
