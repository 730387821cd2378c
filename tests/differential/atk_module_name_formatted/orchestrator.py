import naming


async def main(workflow, **params):
    for i in range(2):
        await workflow.label.createTask(name=f"{__name__}-{i}-{naming.tag()}")
    await workflow.label.createTask(name=main.__module__ + "." + main.__qualname__)
