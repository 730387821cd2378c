def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5])


async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])

    good, bad = {}, {}
    for run, job in screen:
        if run.y is None:
            bad[job.x] = 0.5
        else:
            good[job.x] = run.y
    good.update(bad)
    await workflow.sq.createTask(x=list(good.values()))
