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
            break
    return x


async def main(workflow, **params):
    roots = []
    for x0 in params["x0s"]:
        roots.append(await solve_from(workflow, x0, params["tol"], params["maxit"]))
    await workflow.sq.createTask(x=roots)
