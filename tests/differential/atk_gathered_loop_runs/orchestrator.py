import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5])


async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])
    squares = await asyncio.gather(
        *[workflow.sq.createTask(x=job.x) for run, job in screen])
    ids = []
    for r in squares:
        ids.append(r[0][0].id)
    await workflow.total.createTask(sq_ids=ids)
