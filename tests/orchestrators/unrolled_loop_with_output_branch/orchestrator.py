async def main(workflow, **params):
    for i in range(3):
        (run, job), = await workflow.mult.createTask(x=float(i))
        if run.y > 1:
            await workflow.add.createTask(x=run.y)
