def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=7.0)
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--x1", type=float, default=4.0)
    parser.add_argument("--cap", type=int, default=8)


async def f(workflow, x, target, cache):
    if x not in cache:
        (run, job), = await workflow.sq.createTask(x=x)
        cache[x] = run.y - target
    return cache[x]


async def main(workflow, **params):
    target = params["target"]
    cache = {}
    x0, x1 = params["x0"], params["x1"]
    f0 = await f(workflow, x0, target, cache)
    f1 = await f(workflow, x1, target, cache)
    it = 0
    while abs(f1) > 1e-3:
        if it == params["cap"]:
            print("secant did not converge")
            break
        if f1 == f0:
            break
        x0, x1 = x1, x1 - f1 * (x1 - x0) / (f1 - f0)
        f0, f1 = f1, await f(workflow, x1, target, cache)
        it += 1
    else:
        await workflow.lin.createTask(x=round(x1, 6))
    await workflow.count.createTask(n=it)
