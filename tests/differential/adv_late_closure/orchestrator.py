import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    await workflow.lin.createTask(x=0.5)
    steps = []
    for x in params["xs"]:
        async def step():
            await workflow.sq.createTask(x=x)
        steps.append(step())
    await asyncio.gather(*steps)
