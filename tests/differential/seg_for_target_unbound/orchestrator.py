def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)


async def main(workflow, **params):
    await workflow.lin.createTask(x=len(params["dts"]))
    for dt in params["dts"]:
        (run, job), = await workflow.solve.createTask(dt=dt)
        try:
            1.0 / run.ok
        except ZeroDivisionError:
            continue
        break
    await workflow.sq.createTask(x=dt)
