def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--tol", type=float, default=1e-4)


async def solve(workflow, x0, tol):
    x = x0
    for k in range(7):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            break
    return x, k + 1


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["tol"])
    roots, steps = [], []
    for x0 in params["x0s"]:
        root, k = await solve(workflow, x0, params["tol"])
        roots.append(root)
        steps.append(k)
    await workflow.sq.createTask(x=[r for r, k in zip(roots, steps) if k > 4])
