import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def chain(workflow, x):
    (first, _), = await workflow.lin.createTask(x=x)
    (second, _), = await workflow.sq.createTask(x=first.y)
    return second.y


async def main(workflow, **params):
    tasks = {x: asyncio.create_task(chain(workflow, x)) for x in params["xs"]}
    results = {x: await t for x, t in tasks.items()}
    for x, y in results.items():
        print(f"{x:+.2f} -> {y:.3f}")
    best = min(results, key=results.get)
    await workflow.mix.createTask(a=best, b=results[best])
