import asyncio


async def main(workflow, **params):
    await workflow.mult.createTask(x=1.0)
    await asyncio.sleep(1)  # FALLBACK-FROM
    await workflow.add.createTask(x=2.0)
