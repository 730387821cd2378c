class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    n = 0
    try:
        for run, job in runs:
            if run.y > 5:
                raise TooBig(run.y)
            await workflow.lin.createTask(x=run.y)
    except TooBig:
        n = 1
    await workflow.count.createTask(n=n)
