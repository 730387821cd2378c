async def main(workflow, **params):
    x = 1.0
    await workflow.add.createTask(x=x)
    while True:  # SEGMENT
        (run, job), = await workflow.mult.createTask(x=x)
        if run.y < 0.01:
            break
        x = run.y
    await workflow.norm.createTask(mult_ids=[x])
