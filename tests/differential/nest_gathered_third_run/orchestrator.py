import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def refine(workflow, x):
    return await workflow.sq.createTask(x=[x, x + 0.5])


async def main(workflow, **params):
    base = await workflow.lin.createTask(x=params["xs"])
    batches = await asyncio.gather(*(refine(workflow, run.y) for run, job in base))
    third = [batch[2][0].y for batch in batches]
    await workflow.total.createTask(sq_ids=[int(y) for y in third])
