import numpy as np


async def main(workflow, **params):
    (r, _), = await workflow.sq.createTask(x=1.5)
    candidates = []
    for x in np.linspace(r.y - 1.0, r.y + 1.0, 5):
        (run, job), = await workflow.sq.createTask(x=round(float(x), 6))

        candidates.append((float(x), run.y))
    close = [x for x, y in candidates if y > 4.0]
    if close:
        await workflow.mix.createTask(a=min(close), b=float(len(close)))
    else:
        await workflow.count.createTask(n=0)
    far = [x for x, y in candidates if y > 100.0]
    if far:
        await workflow.count.createTask(n=len(far))
