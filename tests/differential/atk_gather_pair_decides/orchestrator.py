import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.0)
    parser.add_argument("--b", type=float, default=2.0)


async def stage(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    return runs[0][0].y


async def main(workflow, **params):
    ya, yb = await asyncio.gather(stage(workflow, params["a"]), stage(workflow, params["b"]))
    results = dict(zip(["a", "b"], [ya, yb]))
    winner = max(results, key=results.get)
    if winner == "a":
        await workflow.lin.createTask(x=results["a"])
    else:
        await workflow.count.createTask(n=int(results["b"]))
    await workflow.count.createTask(n=len(results))
