import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5])


async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])
    vals = sorted([run.y for run, job in screen if run.y is not None])
    squares = await asyncio.gather(
        *[workflow.sq.createTask(x=y) for y in vals[-3:]])
    await workflow.total.createTask(sq_ids=[r[0][0].id for r in squares])
