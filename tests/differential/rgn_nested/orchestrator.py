import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def leaf(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    return runs[0][0].id, runs[0][0].y


async def branch(workflow, x):
    inner = [asyncio.create_task(leaf(workflow, x + k)) for k in (0.0, 0.5)]
    got = await asyncio.gather(*inner)
    lin = await workflow.lin.createTask(x=max(y for i, y in got))
    return [i for i, y in got], lin[0][0].y


async def main(workflow, **params):
    outer = [asyncio.create_task(branch(workflow, x)) for x in params["xs"]]
    results = await asyncio.gather(*outer)
    await workflow.total.createTask(sq_ids=[i for ids, y in results for i in ids])
    await workflow.lin.createTask(x=round(sum(y for ids, y in results), 6))
