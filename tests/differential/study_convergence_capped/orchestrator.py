def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-3)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    (start, job), = await workflow.sq.createTask(x=params["x0"])
    x = start.y
    history = []
    iterations = 0
    for it in range(params["maxit"]):
        (run, job), = await workflow.newton.createTask(x=x)
        history.append(run.err)
        iterations = it + 1
        if run.err < params["tol"]:
            break
        x = run.next
    await workflow.count.createTask(n=iterations)
    await workflow.lin.createTask(x=[run.next] + history)
