def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)


async def main(workflow, **params):
    await workflow.lin.createTask(x=len(params["dts"]))
    pairs = None
    oks = []
    for dt in params["dts"]:
        (run, job), = await workflow.solve.createTask(dt=dt)
        try:
            1.0 / run.ok
        except ZeroDivisionError:
            continue
        oks.append(run.res)
        pairs = zip(params["dts"], oks)
    for dt, res in pairs:
        await workflow.sq.createTask(x=dt + res)
