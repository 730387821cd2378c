class TooBig(ValueError):
    """An output above the limit."""


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 5:
            raise TooBig(run.y)
        y = run.y
    except TooBig as err:
        y = err.args[0] / 10
    await workflow.lin.createTask(x=y)
