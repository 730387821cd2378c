import itertools


def weighted(xs, w):
    out = []
    return out


async def step5(workflow, v, params):
    mult_runs6 = await workflow.mult.createTask(
        run_params={"tag": "alpha"},
        x=weighted(list(itertools.islice(params["a"], 2)), params["b"] - v),
    )
    for run, job in mult_runs6:
        if run.y * job.x >= 1.0:
            continue
        await workflow.mult.createTask(x=params["opt"] if params["opt"] is not None else 1.0)
