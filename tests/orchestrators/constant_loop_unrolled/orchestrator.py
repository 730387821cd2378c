async def main(workflow, **params):
    for x in [1.0, 2.0, 3.0]:
        await workflow.mult.createTask(x=x)
    for i in range(2):
        workflow.add.createTask(x=float(i))
