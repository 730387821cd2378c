async def main(workflow, **params):
    await workflow.mlut.createTask(x=1.0)  # TRACE-ERROR
