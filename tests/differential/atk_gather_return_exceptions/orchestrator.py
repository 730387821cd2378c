import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--limit", type=float, default=5.0)


async def stage(workflow, x, limit):
    runs = await workflow.sq.createTask(x=x)
    y = runs[0][0].y
    if y > limit:
        raise ValueError(f"{x}: y={y:.2f} above {limit}")
    return y


async def main(workflow, **params):
    results = await asyncio.gather(*(stage(workflow, x, params["limit"])
                                     for x in params["xs"]), return_exceptions=True)
    good = [y for y in results if not isinstance(y, Exception)]
    for y in good:
        await workflow.lin.createTask(x=y)
    await workflow.count.createTask(n=len(good))
