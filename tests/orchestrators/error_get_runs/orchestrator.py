async def main(workflow, **params):
    runs = workflow.get_runs(["mult.1"])  # TRACE-ERROR
