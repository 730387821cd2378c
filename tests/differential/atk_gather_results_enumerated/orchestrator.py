import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def stage(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    return runs[0][0].y


async def main(workflow, **params):
    ys = await asyncio.gather(*[stage(workflow, x) for x in params["xs"]])
    for i, y in enumerate(ys):
        await workflow.step.createTask(x=y, i=i)
    smallest = min(range(len(ys)), key=lambda i: ys[i])
    await workflow.count.createTask(n=smallest)
