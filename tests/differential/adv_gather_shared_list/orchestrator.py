import asyncio

ORDER = []


async def slow(workflow):
    await workflow.sq.createTask(x=1.0)
    ORDER.append("a")


async def quick(workflow):
    ORDER.append("b")
    await workflow.sq.createTask(x=2.0)


async def main(workflow, **params):
    await workflow.sq.createTask(x=0.5)
    await asyncio.gather(slow(workflow), quick(workflow))
    await workflow.label.createTask(name="".join(ORDER))
