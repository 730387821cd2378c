def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=8.0)
    parser.add_argument("--maxit", type=int, default=2)
    parser.add_argument("--tol", type=float, default=1e-9)


async def newton_step(workflow, x):
    runs = await workflow.newton.createTask(x=x)
    (run, job), = runs
    return run.next, run.err


async def main(workflow, **params):
    x, err = params["x0"], float("inf")
    k = 0
    while err > params["tol"]:
        if k == params["maxit"]:
            await workflow.lin.createTask(x=x)
            raise RuntimeError(f"no convergence after {k} steps (err={err:.3g})")
        x, err = await newton_step(workflow, x)
        k += 1
    await workflow.lin.createTask(x=x)
