import asyncio
import contextlib  # noqa: F401 (used by the suppress case)


async def chain(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    if run.y > 50:
        raise ValueError("too big")
    (r2, j2), = await workflow.lin.createTask(x=run.y)
    return r2.y


async def main(workflow, **params):
    try:
        ys = await asyncio.gather(chain(workflow, 2.0), chain(workflow, 10.0))
    except ValueError:
        ys = [-1.0]
    await workflow.count.createTask(n=len(ys))
