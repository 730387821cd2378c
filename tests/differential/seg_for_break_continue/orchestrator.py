def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)


def cost(dt, res):
    table = {"dt": dt}
    table["res"] = res
    return table["dt"] + table["res"]


async def main(workflow, **params):
    best, tried = -1.0, 0
    for dt in params["dts"]:
        (run, job), = await workflow.solve.createTask(dt=dt)
        tried += 1
        try:
            ratio = 1.0 / run.ok
        except ZeroDivisionError:
            continue
        best = cost(dt, run.res) * ratio
        break
    await workflow.lin.createTask(x=best)
    await workflow.sq.createTask(x=tried)
