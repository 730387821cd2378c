async def main(workflow, **params):
    first = workflow.mult.createTask(x=1.0)
    second = workflow.add.createTask(x=2.0)
    await first
    await second
    await workflow.norm.createTask(mult_ids=[])
