def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=2.0)
    parser.add_argument("--tol", type=float, default=0.05)


async def main(workflow, **params):
    lo, hi, err = 0.0, 2.0, 1.0
    bracket = (lo, hi)
    while err > params["tol"]:
        mid = (lo + hi) / 2
        (run, job), = await workflow.sq.createTask(x=mid)
        err = abs(run.y - params["target"])
        if run.y > params["target"]:
            hi = mid
        else:
            lo = mid
        bracket = (lo, hi)
    await workflow.lin.createTask(x=hi)
    await workflow.lin.createTask(x=float([lo, hi] == list(bracket)))
    await workflow.lin.createTask(x=float([lo, hi] != [v for v in bracket]))
