def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=2.0)
    parser.add_argument("--lo", type=float, default=0.0)
    parser.add_argument("--hi", type=float, default=2.0)
    parser.add_argument("--steps", type=int, default=3)


async def main(workflow, **params):
    lo, hi = params["lo"], params["hi"]
    for step in range(params["steps"]):
        mid = (lo + hi) / 2
        (run, job), = await workflow.sq.createTask(x=mid)
        if abs(run.y - params["target"]) < 0.3:
            break
        if run.y > params["target"]:
            hi = mid
        else:
            lo = mid
    await workflow.lin.createTask(x=(lo + hi) / 2)
