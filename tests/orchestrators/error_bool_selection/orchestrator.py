async def main(workflow, **params):
    await workflow.mult.createTask(x=1.0)
    if workflow.mult.select(["state = FAILED"]):  # TRACE-ERROR
        return
