class TooBig(ValueError):
    pass


Big = TooBig


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--ws", type=float, nargs="*", default=[1.0])


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 5:
            raise Big(run.y)
        y = run.y * params["ws"][0]
    except Big:
        y = -1.0
    await workflow.lin.createTask(x=y)
