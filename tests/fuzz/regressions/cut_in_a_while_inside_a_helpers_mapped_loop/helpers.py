async def each(workflow, runs):
    for run, _job in runs:
        await workflow.mult.createTask(x=run.w)
        i = 0
        while i < 2:
            i += 1
            tags = {2.25: "a"}
            print(tags[run.w])
