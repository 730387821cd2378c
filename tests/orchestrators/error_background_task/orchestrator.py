import asyncio


async def side(workflow):  # TRACE-ERROR
    await workflow.add.createTask(x=1.0)


async def main(workflow, **params):
    asyncio.ensure_future(side(workflow))
