import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


async def chain(workflow, x):
    runs = await workflow.sq.createTask(x=[x, x + 1])
    lin = await workflow.lin.createTask(x=max(r.y for r, j in runs))
    return [r.id for r, j in runs], lin[0][0].y


async def main(workflow, **params):
    t = asyncio.create_task(chain(workflow, params["x"]))
    first, top = await t
    again, _ = await t
    await workflow.total.createTask(sq_ids=first + again)
    await workflow.lin.createTask(x=top)
