import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def side(workflow, x):
    await workflow.lin.createTask(x=x)


async def main(workflow, **params):
    background = [asyncio.create_task(side(workflow, params["x"]))]
    runs = await workflow.sq.createTask(x=params["x"])
    await workflow.total.createTask(sq_ids=[r.id for r, j in runs])
    print("started beside:", len(background))
