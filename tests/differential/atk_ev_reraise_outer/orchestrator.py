class TooBig(RuntimeError):
    pass


class GiveUp(TooBig):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def attempt(workflow, x):
    try:
        (run, job), = await workflow.sq.createTask(x=x)
        if run.y > 5:
            raise TooBig(run.y)
        return run.y
    except TooBig as err:
        (run, job), = await workflow.lin.createTask(x=err.args[0])
        if run.y > 10:
            raise GiveUp(run.y) from err
        return run.y


async def main(workflow, **params):
    try:
        y = await attempt(workflow, params["x"])
        n = int(y)
    except GiveUp:
        n = -1
    await workflow.count.createTask(n=n)
