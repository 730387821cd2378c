class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    n = 0
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 4:
            await workflow.lin.createTask(x=1.0)
        else:
            await workflow.lin.createTask(x=2.0)
        if run.y > 8:
            raise TooBig(run.y)
        n = 3
    except TooBig:
        n = 7
    await workflow.count.createTask(n=n)
