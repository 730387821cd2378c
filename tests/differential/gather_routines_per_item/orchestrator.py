import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def chain(workflow, x):
    (run, job), = await workflow.lin.createTask(x=x)
    return await workflow.sq.createTask(x=[run.y, run.y + x])


async def main(workflow, **params):
    results = await asyncio.gather(*[chain(workflow, x) for x in params["xs"]])
    await workflow.total.createTask(sq_ids=[r.id for runs in results for r, j in runs])
