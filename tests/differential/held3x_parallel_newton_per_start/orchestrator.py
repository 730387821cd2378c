import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--maxit", type=int, default=6)


async def solve_from(workflow, x0, tol, maxit):
    x = x0
    for k in range(maxit):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            return x, k + 1
    return x, maxit


async def main(workflow, **params):
    results = await asyncio.gather(*[solve_from(workflow, x0, params["tol"], params["maxit"])
                                     for x0 in params["x0s"]])
    await workflow.sq.createTask(x=[x for x, k in results])
    print({x0: k for x0, (x, k) in zip(params["x0s"], results)})
