def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


def remember(value, seen=[]):  # noqa: B006
    seen.append(value)
    return len(seen)


def scale(v, factor=2.0):
    return v * factor


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    remember(run.y)
    n = remember(run.y + 1)
    scale.__defaults__ = (10.0,)
    await workflow.count.createTask(n=n)
    await workflow.lin.createTask(x=scale(run.y))
