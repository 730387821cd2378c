def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-2)


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    history = []
    seen = history
    x = params["x0"]
    while True:
        (run, job), = await workflow.newton.createTask(x=x)
        history.append(run.next)
        if run.err < params["tol"]:
            break
        x = run.next
    await workflow.lin.createTask(x=len(seen))
