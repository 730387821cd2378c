class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        try:
            (run, job), = await workflow.sq.createTask(x=params["x"])
            if run.y > 5:
                raise TooBig(run.y)
            y = run.y / (run.y - 9)
        except TooBig:
            y = 1.0
    except Exception:
        y = -2.0
    await workflow.lin.createTask(x=y)
