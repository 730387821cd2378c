async def main(workflow, **params):
    await workflow.mult.createTask(x=[0.1, 0.2, 0.3])
