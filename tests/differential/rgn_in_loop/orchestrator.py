import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def square(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    return runs[0][0]


async def main(workflow, **params):
    seen = []
    for x in params["xs"]:
        a = asyncio.create_task(square(workflow, x))
        b = asyncio.create_task(square(workflow, x + 10))
        ra = await a
        rb = await b
        if ra.y + rb.y not in [r for r in seen]:
            seen.append(ra.id)
    await workflow.total.createTask(sq_ids=seen)
    await workflow.lin.createTask(x=len(seen))
