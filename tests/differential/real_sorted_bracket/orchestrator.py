def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--keep", type=int, default=3)


def residual(pair):
    run, job = pair
    return run.err


async def main(workflow, **params):
    runs = await workflow.newton.createTask(x=params["xs"])
    ordered = sorted(runs, key=residual)
    kept = ordered[:params["keep"]]
    lo = min(kept, key=lambda pair: pair[1].x)
    hi = max(kept, key=lambda pair: pair[1].x)
    print(f"bracket [{lo[1].x}, {hi[1].x}]")
    await workflow.mix.createTask(a=lo[0].next, b=hi[0].next)
    names = sorted((f"x{job.x:g}" for run, job in kept), reverse=True)
    await workflow.label.createTask(name="-".join(names))
    for position, (run, job) in enumerate(ordered):
        await workflow.step.createTask(x=run.err, i=position)
