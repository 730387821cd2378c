import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    await asyncio.gather(*(workflow.sq.createTask(x=x * 10) for x in params["xs"]))
    await workflow.count.createTask(n=int(max(*(x for x in params["xs"]))))
