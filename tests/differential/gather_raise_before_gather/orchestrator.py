import asyncio


def populate_arg_parser(parser):
    pass


async def square(workflow, x):
    await workflow.sq.createTask(x=x)


async def main(workflow, **params):
    (run, _), = await workflow.lin.createTask(x=1.0)
    ratio = 1.0 / (run.y - 3.0)
    await asyncio.gather(square(workflow, 1.0), square(workflow, 2.0))
    await workflow.sq.createTask(x=ratio)
