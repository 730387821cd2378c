async def main(workflow, **params):
    await workflow.mult.createTask(x=1.0)
    if workflow.mult.select("state = FINISHED"):  # FALLBACK-FROM
        await workflow.add.createTask(x=1.0)
