import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def check(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    if runs[0][0].y > 20:
        raise ValueError(f"sq of {x} is over 20")
    return runs[0][0].id


async def main(workflow, **params):
    tasks = [asyncio.create_task(check(workflow, x)) for x in params["xs"]]
    ids = await asyncio.gather(*tasks)
    await workflow.total.createTask(sq_ids=ids)
    await workflow.lin.createTask(x=1.0)
