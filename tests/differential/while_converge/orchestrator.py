def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-2)


async def main(workflow, **params):
    (start, job), = await workflow.sq.createTask(x=params["x0"])
    x = start.y
    while True:
        runs = await workflow.newton.createTask(x=x)
        (run, job), = runs
        if run.err < params["tol"]:
            break
        x = run.next
    await workflow.lin.createTask(x=run.next)
