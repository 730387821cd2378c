def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)
    parser.add_argument("--shrink", type=float, default=0.5)


async def stable(workflow, dt):
    runs = await workflow.solve.createTask(dt=dt)
    return runs[0][0].ok == 1


async def main(workflow, **params):
    found = None
    tried = []
    for dt in sorted(params["dts"], reverse=True):
        for attempt in (dt, dt * params["shrink"]):
            tried.append(attempt)
            if await stable(workflow, attempt):
                found = attempt
                break
        if found is not None and found < 0.2:
            break
    if found is None or found > 0.2:
        raise RuntimeError(f"no stable step below 0.2 in {len(tried)} tries: {found}")
    await workflow.mesh.createTask(h=found)
