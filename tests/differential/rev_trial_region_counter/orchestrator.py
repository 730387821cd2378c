import asyncio
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def batch(workflow, x, seeds, seen):
    runs = await workflow.replica.createTask(x=x, seed=seeds)
    for run, job in runs:
        try:
            seen[str(round(run.y, 6))] += 1 / (run.y - x)
        except ZeroDivisionError:
            seen["exact"] += 1
    more = await workflow.lin.createTask(x=max(r.y for r, j in runs))
    return more[0][0].y


async def main(workflow, **params):
    seen = Counter()
    a = asyncio.create_task(batch(workflow, params["x"], [5, 6], seen))
    b = asyncio.create_task(batch(workflow, params["x"], [7, 8], seen))
    top = max(await a, await b)
    (r, j), = await workflow.replica.createTask(x=params["x"], seed=9)
    seen[str(round(r.y, 6))] += 1
    await workflow.lin.createTask(x=float(len(seen)) + top + seen["exact"])
