class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.gap.createTask(x=params["x"])
        if run.y > 5:
            raise TooBig(run.y)
        y = run.y
    except TooBig:
        y = 0.0
    await workflow.lin.createTask(x=y)
