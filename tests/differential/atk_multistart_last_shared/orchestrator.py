def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[1.0, 3.0, 40.0])
    parser.add_argument("--tol", type=float, default=1e-3)
    parser.add_argument("--cap", type=int, default=4)


async def main(workflow, **params):
    x = None
    for x0 in params["starts"]:
        x = x0 if x is None else (x + x0) / 2
        for _ in range(params["cap"]):
            (run, job), = await workflow.newton.createTask(x=x)
            x = run.next
            if run.err < params["tol"]:
                break
    await workflow.sq.createTask(x=x)
