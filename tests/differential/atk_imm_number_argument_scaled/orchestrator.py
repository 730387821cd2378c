def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)
    parser.add_argument("--factor", type=float, default=0.5)


async def first_stable(workflow, dt, factor):
    for _ in range(4):
        (run, job), = await workflow.solve.createTask(dt=round(dt, 6))
        if run.ok:
            return job.dt
        dt *= factor
    return None


async def main(workflow, **params):
    rows = [{"dt0": str(d)} for d in params["dts"]]
    found = {}
    for row in rows:
        found[row["dt0"]] = await first_stable(workflow, float(row["dt0"]), params["factor"])
    await workflow.count.createTask(n=len([v for v in found.values() if v is not None]))
