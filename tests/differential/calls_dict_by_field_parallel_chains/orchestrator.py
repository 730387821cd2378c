import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def refine(workflow, x, steps):
    """A chain: each step starts from the previous step's output."""
    for _ in range(steps):
        (run, job), = await workflow.lin.createTask(x=x)
        x = run.y / 4
    return x


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    by_x = {job.x: run.y for run, job in runs}
    big = {job.x: run.y for run, job in runs if run.y > 3}
    print(len(by_x), "outputs")
    first = asyncio.create_task(refine(workflow, by_x[params["xs"][0]], 2))
    second = asyncio.create_task(refine(workflow, by_x[params["xs"][-1]] + 0.5, 2))
    ends = [await first, await second]
    await workflow.count.createTask(n=len(big) * 10 + len(by_x))
    for x in by_x:
        await workflow.lin.createTask(x=x + sum(ends))
