class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def careful(workflow, x, TooBig=ZeroDivisionError):  # noqa: N803
    try:
        (run, job), = await workflow.sq.createTask(x=x)
        return 1.0 / (run.y - 9)
    except TooBig:
        return 0.0


async def main(workflow, **params):
    y = await careful(workflow, params["x"])
    await workflow.lin.createTask(x=y)
