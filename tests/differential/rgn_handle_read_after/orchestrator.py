import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def square(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    return runs[0][0].id


async def main(workflow, **params):
    tasks = [asyncio.create_task(square(workflow, x)) for x in params["xs"]]
    ids = []
    for t in tasks:
        ids.append(await t)
    await workflow.total.createTask(sq_ids=ids)
    n = len(tasks)
    await workflow.lin.createTask(x=n)
