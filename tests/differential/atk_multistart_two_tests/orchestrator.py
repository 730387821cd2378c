def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[1.0, 3.0, 40.0])
    parser.add_argument("--tol", type=float, default=1e-3)
    parser.add_argument("--cap", type=int, default=4)


async def main(workflow, **params):
    xs = []
    for x0 in params["starts"][:2]:
        x = x0
        for _ in range(params["cap"]):
            (run, job), = await workflow.newton.createTask(x=x)
            if run.next > 10:
                x = run.next / 2
                continue
            x = run.next
            if run.err < params["tol"]:
                break
        xs.append(x)
    await workflow.sq.createTask(x=xs)
