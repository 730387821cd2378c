async def main(workflow, **params):
    workflow.mult.createTask(x=1.0)
    workflow.add.createTask(x=2.0)
    both = await (workflow.mult.select("state = FINISHED")
                  & workflow.add.select("state = FINISHED"))
    await workflow.norm.createTask(mult_ids=[r.id for r, j in both])
