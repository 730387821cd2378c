async def main(workflow, **params):
    workflow.vars.count = 1  # TRACE-ERROR
