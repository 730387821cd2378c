CALLS = 0


class Settings:
    scale = 1.0


def bump(v):
    global CALLS
    CALLS += 1
    Settings.scale *= 2
    return v * Settings.scale


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)
    parser.add_argument("--limit", type=float, default=5.0)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    a = bump(run.y)
    b = bump(run.y)
    await workflow.lin.createTask(x=[a, b, Settings.scale])
    try:
        if run.y > params["limit"]:
            return
        await workflow.sq.createTask(x=run.y + 1)
    finally:
        await workflow.count.createTask(n=CALLS)
    await workflow.count.createTask(n=99)
