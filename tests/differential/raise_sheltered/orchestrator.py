import contextlib


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--limit", type=float, default=10.0)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    with contextlib.suppress(ValueError):
        if run.y < params["limit"]:
            raise ValueError("small")
        await workflow.count.createTask(n=1)
    if run.y > 1:
        try:
            raise KeyError("big")
        except KeyError:
            await workflow.lin.createTask(x=run.y)
    if run.y < params["limit"]:
        try:
            raise RuntimeError("stopped after the lin step")
        finally:
            await workflow.count.createTask(n=3)
    await workflow.sq.createTask(x=10.0)
