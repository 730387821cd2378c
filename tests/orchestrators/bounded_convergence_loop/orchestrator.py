async def main(workflow, **params):
    x = 1.0
    for it in range(4):
        (run, job), = await workflow.mult.createTask(x=x)
        if run.y < 0.01:
            break
        x = run.y
    await workflow.add.createTask(x=x)
