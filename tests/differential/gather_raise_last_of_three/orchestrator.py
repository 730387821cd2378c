import asyncio


def populate_arg_parser(parser):
    pass


async def recip(workflow, x):
    (run, _), = await workflow.lin.createTask(x=x)
    return 1.0 / (run.y - 3.0)


async def main(workflow, **params):
    await asyncio.gather(recip(workflow, 2.0), recip(workflow, 4.0), recip(workflow, 1.0))
