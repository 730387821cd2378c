class Unstable(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)


async def main(workflow, **params):
    dt = params["dt"]
    failures = 0
    done = False
    while not done and failures < 6:
        try:
            (run, job), = await workflow.solve.createTask(dt=dt)
            if run.ok == 0:
                raise Unstable("unstable")
            done = True
        except Unstable:
            failures += 1
            dt = dt / 2
    await workflow.lin.createTask(x=dt)
    await workflow.count.createTask(n=failures)
