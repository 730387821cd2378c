def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    target = 3.0

    ys = (run.y for run, job in runs)
    closest = min(ys, key=lambda v: abs(v - target))
    await workflow.sq.createTask(x=closest + float(len(list(ys))))
