def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=2.0)
    parser.add_argument("--tol", type=float, default=0.05)

SETTINGS = {"split": 0.5}


async def main(workflow, **params):
    lo, hi, steps, err = 0.0, 2.0, 0, 1.0
    while err > params["tol"]:
        mid = lo + SETTINGS["split"] * (hi - lo)
        (run, job), = await workflow.sq.createTask(x=mid)
        err = abs(run.y - params["target"])
        steps += 1
        if run.y > params["target"]:
            hi = mid
        else:
            lo = mid
    await workflow.lin.createTask(x=steps)
