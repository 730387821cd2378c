async def main(workflow, **params):
    await workflow.label.createTask(name=__name__)
