def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[1.0, 3.0, 40.0])
    parser.add_argument("--tol", type=float, default=1e-3)
    parser.add_argument("--cap", type=int, default=4)


async def main(workflow, **params):
    good = []
    for x0 in params["starts"]:
        x = x0
        for _ in range(params["cap"]):
            (run, job), = await workflow.newton.createTask(x=x)
            x = run.next
            if run.err < params["tol"]:
                good.append(x)
                break
        else:
            print("no root from", x0)
    checks = await workflow.sq.createTask(x=good or [0.0])
    await workflow.total.createTask(sq_ids=[r.id for r, j in checks])
