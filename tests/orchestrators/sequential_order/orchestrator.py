async def main(workflow, **params):
    await workflow.mult.createTask(x=1.0)
    await workflow.add.createTask(x=2.0)
    await workflow.norm.createTask(mult_ids=[1, 2])
