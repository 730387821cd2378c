import asyncio


def populate_arg_parser(parser):
    pass


async def recip(workflow, x):
    (run, _), = await workflow.lin.createTask(x=x)
    return 1.0 / (run.y - 3.0)


async def main(workflow, **params):
    a, b = await asyncio.gather(recip(workflow, 1.0), recip(workflow, 2.0))
    await workflow.label.createTask(name=f"{a:.3f} {b:.3f}")
