import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.0)
    parser.add_argument("--b", type=float, default=2.0)


async def chain(workflow, x):
    runs = await workflow.sq.createTask(x=[x, x + 1])
    lin = await workflow.lin.createTask(x=max(r.y for r, j in runs))
    return [r.id for r, j in runs], max(r.y for r, j in lin)


async def main(workflow, **params):
    left = asyncio.create_task(chain(workflow, params["a"]))
    right = asyncio.create_task(chain(workflow, params["b"]))
    first = await asyncio.gather(left, right)
    await workflow.total.createTask(sq_ids=first[0][0] + first[1][0])
    again = asyncio.create_task(chain(workflow, first[0][1]))
    ids, top = await again
    await workflow.total.createTask(sq_ids=ids)
    await workflow.lin.createTask(x=top + first[1][1])
