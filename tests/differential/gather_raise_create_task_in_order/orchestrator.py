import asyncio


def populate_arg_parser(parser):
    pass


async def recip(workflow, x):
    (run, _), = await workflow.lin.createTask(x=x)
    return 1.0 / (run.y - 3.0)


async def main(workflow, **params):
    await workflow.sq.createTask(x=2.0)
    first = asyncio.create_task(recip(workflow, 1.0))
    second = asyncio.create_task(recip(workflow, 2.0))
    await first
    await second
