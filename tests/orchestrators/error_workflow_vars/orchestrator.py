async def main(workflow, **params):
    count = workflow.vars["count"]  # TRACE-ERROR
    await workflow.mult.createTask(x=count)
