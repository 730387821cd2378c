def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=2.0, help="the sq value wanted")
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--x1", type=float, default=2.0)
    parser.add_argument("--tol", type=float, default=1e-3)
    parser.add_argument("--maxit", type=int, default=6)


async def residual(workflow, x, target):
    (run, job), = await workflow.sq.createTask(x=x)
    return run.y - target


async def main(workflow, **params):
    target = params["target"]
    x0, x1 = params["x0"], params["x1"]
    f0 = await residual(workflow, x0, target)
    f1 = await residual(workflow, x1, target)
    steps = 0
    while abs(f1) > params["tol"] and steps < params["maxit"]:
        x0, x1 = x1, x1 - f1 * (x1 - x0) / (f1 - f0)
        f0, f1 = f1, await residual(workflow, x1, target)
        steps += 1
    print(f"root {x1:.6f} after {steps} secant steps")
    await workflow.lin.createTask(x=round(x1, 6))
    await workflow.count.createTask(n=steps)
    await workflow.sq.createTask(x=[x1 * s for s in (0.9, 1.1)])
