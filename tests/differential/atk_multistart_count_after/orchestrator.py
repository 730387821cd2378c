def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[1.0, 3.0, 40.0])
    parser.add_argument("--tol", type=float, default=1e-3)
    parser.add_argument("--cap", type=int, default=4)


async def main(workflow, **params):
    counts = []
    for x0 in params["starts"]:
        x, n = x0, 0
        for _ in range(params["cap"]):
            (run, job), = await workflow.newton.createTask(x=x)
            x, n = run.next, n + 1
            if run.err < params["tol"]:
                break
        counts.append(n)
    if max(counts) == params["cap"]:
        await workflow.sq.createTask(x=float(sum(counts)))
    else:
        await workflow.sq.createTask(x=-1.0)
