def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=2.0)
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--x1", type=float, default=2.0)
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--max-iter", dest="max_iter", type=int, default=10)


async def residual(workflow, x, target):
    (run, job), = await workflow.sq.createTask(x=x)
    return run.y - target


async def main(workflow, **params):
    target = params["target"]
    x0, x1 = params["x0"], params["x1"]
    f0 = await residual(workflow, x0, target)
    f1 = await residual(workflow, x1, target)
    for it in range(params["max_iter"]):
        try:
            x2 = x1 - f1 * (x1 - x0) / (f1 - f0)
        except ZeroDivisionError:
            print("flat secant: stopping")
            break
        x0, f0 = x1, f1
        x1 = round(x2, 12)
        f1 = await residual(workflow, x1, target)
        if abs(f1) < params["tol"]:
            break
    print(f"root {x1:.8f} after {it + 1} updates, residual {f1:.2e}")
    await workflow.lin.createTask(x=x1)
