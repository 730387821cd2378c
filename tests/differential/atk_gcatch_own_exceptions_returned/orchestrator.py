import asyncio


class TooBig(ValueError):
    pass


async def chain(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    if run.y > 50:
        raise TooBig(f"too big: {run.y}")
    if run.y < 2:
        return 1 / (run.y - 1.0)
    (r2, j2), = await workflow.lin.createTask(x=run.y)
    return r2.y


async def main(workflow, **params):
    await workflow.count.createTask(n=0)
    try:
        results = await asyncio.gather(chain(workflow, 1.0), chain(workflow, 8.0),
                                       chain(workflow, 3.0), return_exceptions=True)
    except RuntimeError:
        results = []
    big = [str(e) for e in results if isinstance(e, TooBig)]
    zero = [type(e).__name__ for e in results if isinstance(e, ZeroDivisionError)]
    fine = [y for y in results if not isinstance(y, Exception)]
    await workflow.count.createTask(n=100 * len(big) + 10 * len(zero) + len(fine))
    await workflow.lin.createTask(x=sum(fine) + len(big[0]))
