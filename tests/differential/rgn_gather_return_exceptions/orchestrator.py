import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def chain(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    if max(r.y for r, j in runs) > 10:
        raise ValueError(f"too big: {x}")
    more = await workflow.lin.createTask(x=[r.y for r, j in runs])
    return [r.id for r, j in runs], more[0][0].y


async def main(workflow, **params):
    tasks = [asyncio.create_task(chain(workflow, x)) for x in params["xs"]]
    got = [r for r in await asyncio.gather(*tasks, return_exceptions=True)
           if not isinstance(r, Exception)]
    ids = [i for pair in got for i in pair[0]]
    await workflow.total.createTask(sq_ids=ids)
    await workflow.lin.createTask(x=sum(pair[1] for pair in got))
