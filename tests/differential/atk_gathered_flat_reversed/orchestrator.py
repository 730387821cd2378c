import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5])


async def main(workflow, **params):
    squares = await asyncio.gather(
        *[workflow.sq.createTask(x=x) for x in params['xs']])
    await workflow.total.createTask(
        sq_ids=[run.id for runs in reversed(squares)
                for run, job in runs])
