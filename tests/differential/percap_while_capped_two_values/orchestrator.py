def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--tol", type=float, default=1e-4)


async def solve(workflow, x0, tol):
    x, k = x0, 0
    while k < 7:
        (run, job), = await workflow.newton.createTask(x=x)
        k += 1
        if run.err < tol:
            return run.next, k
        x = run.next
    return x, k


async def main(workflow, **params):
    roots, steps = [], []
    for x0 in params["x0s"]:
        root, k = await solve(workflow, x0, params["tol"])
        roots.append(root)
        steps.append(k * 1.0)
    await workflow.lin.createTask(x=steps)
    await workflow.sq.createTask(x=roots)
