async def each(workflow, runs):
    for run, _job in runs:
        await workflow.mult.createTask(x=run.w)
        tags = {2.25: "a"}
        print(tags[run.w])
