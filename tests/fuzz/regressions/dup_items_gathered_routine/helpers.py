async def step(workflow, v, params):
    add_runs = await workflow.add.createTask(x=abs(0.5 / (abs(v) + 1) - 1.0))
    return await workflow.agg.createTask(
        run_params={"tag": f"{params['mode']}-{len(add_runs)}"},
        vals=[r.z for r, j in add_runs if r.z < 4.0])
