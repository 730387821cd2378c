def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--tol", type=float, default=1e-2)


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["xs"])
    for x in params["xs"]:
        while True:
            (run, job), = await workflow.newton.createTask(x=x)
            if run.err < params["tol"]:
                break
            x = run.next
    await workflow.lin.createTask(x=x)
