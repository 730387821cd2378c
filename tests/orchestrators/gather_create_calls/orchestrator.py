from asyncio import gather


async def main(workflow, **params):
    await workflow.mult.createTask(x=0.5)
    await gather(workflow.add.createTask(x=1.0), workflow.add.createTask(x=2.0))
    await workflow.norm.createTask(mult_ids=[0])
