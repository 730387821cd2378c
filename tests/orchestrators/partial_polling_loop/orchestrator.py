async def main(workflow, **params):
    await workflow.mult.createTask(x=1.0)
    while not workflow.finished:  # FALLBACK-FROM
        pass
