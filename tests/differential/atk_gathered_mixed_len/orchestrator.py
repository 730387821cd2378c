import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0])


async def main(workflow, **params):
    res = await asyncio.gather(
        workflow.lin.createTask(x=1.0),
        *[workflow.sq.createTask(x=x) for x in params['xs']])
    await workflow.count.createTask(n=len(res))
