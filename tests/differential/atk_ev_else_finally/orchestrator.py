class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    n = 0
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 5:
            raise TooBig(run.y)
    except TooBig as err:
        n = 1
        await workflow.lin.createTask(x=err.args[0])
    else:
        n = 2
        await workflow.lin.createTask(x=run.y + 100)
    finally:
        await workflow.count.createTask(n=n)
