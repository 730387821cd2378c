async def main(workflow, **params):
    await workflow.mult.createTask(x=[1.0, 2.0])
    done = await workflow.mult.select(["runs.id < 3"]).all(
        ["state = FINISHED"], ["state = FORWARDED"]
    )
    await workflow.norm.createTask(mult_ids=[r.id for r, j in done])
