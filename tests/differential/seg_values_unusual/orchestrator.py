def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)


async def main(workflow, **params):
    await workflow.lin.createTask(x=len(params["dts"]))
    seen = set()
    table = {}
    worst = float("inf")
    last = None
    for dt in params["dts"]:
        (run, job), = await workflow.solve.createTask(dt=dt)
        try:
            1.0 / run.ok
        except ZeroDivisionError:
            continue
        seen.add(run.ok)
        key = (dt, run.ok)
        table[key] = run.res
        last = (run, job)
    await workflow.lin.createTask(x=len(seen) + len(table))
    for (d, ok), res in sorted(table.items()):
        await workflow.sq.createTask(x=d + ok + res)
    if worst > 1e300:
        await workflow.lin.createTask(x=last[0].res + last[1].dt)
