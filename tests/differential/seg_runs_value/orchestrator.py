def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-2)


async def main(workflow, **params):
    x = params["x0"]
    while True:
        runs = await workflow.newton.createTask(x=[x, x + 1])
        run, job = runs[0]
        if run.err < params["tol"]:
            break
        x = run.next
    for r, j in runs:
        await workflow.sq.createTask(x=r.next)
    await workflow.lin.createTask(x=job.x + len(runs))
