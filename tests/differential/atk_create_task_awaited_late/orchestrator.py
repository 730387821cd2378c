import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--limit", type=float, default=5.0)


async def stage(workflow, x, limit):
    runs = await workflow.sq.createTask(x=x)
    if runs[0][0].y > limit:
        raise RuntimeError("diverged")
    return runs[0][0].y


async def main(workflow, **params):
    tasks = [asyncio.create_task(stage(workflow, x, params["limit"]))
             for x in params["xs"]]
    await workflow.lin.createTask(x=0.5)
    failed = 0
    for t in tasks:
        try:
            await t
        except RuntimeError:
            failed += 1
    await workflow.count.createTask(n=failed)
