import asyncio


def populate_arg_parser(parser):
    pass


async def recip(workflow, x):
    (run, _), = await workflow.lin.createTask(x=x)
    return 1.0 / (run.y - 3.0)


async def pair(workflow, a, b):
    return await asyncio.gather(recip(workflow, a), recip(workflow, b))


async def main(workflow, **params):
    results = await asyncio.gather(pair(workflow, 1.0, 2.0), pair(workflow, 4.0, 5.0))
    await workflow.label.createTask(name=str(results))
