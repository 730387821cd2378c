def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", default=[0.2, 1.0],
                        help="time steps to try")
    parser.add_argument("--retries", type=int, default=4)


async def stable_run(workflow, dt, retries):
    """Run with dt; on an unstable result halve it, at most `retries` times."""
    for attempt in range(retries + 1):
        (run, job), = await workflow.solve.createTask(dt=dt)
        if run.ok:
            return run, attempt
        print(f"dt={dt} unstable, retrying with dt={dt / 2}")
        dt = dt / 2
    raise RuntimeError(f"no stable time step from {dt * 2 ** (retries + 1)}")


async def main(workflow, **params):
    results = []
    for dt in params["dts"]:
        run, attempts = await stable_run(workflow, dt, params["retries"])
        results.append((run.res, attempts))
    total_attempts = sum(a for r, a in results)
    await workflow.count.createTask(n=total_attempts)
    await workflow.lin.createTask(x=max(r for r, a in results))
