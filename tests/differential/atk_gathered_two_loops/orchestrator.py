import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0])


async def main(workflow, **params):
    res = await asyncio.gather(
        *[workflow.sq.createTask(x=x * y) for x in params['xs']
          for y in [1.0, 2.0]])
    await workflow.total.createTask(sq_ids=[r[0][0].id for r in res])
