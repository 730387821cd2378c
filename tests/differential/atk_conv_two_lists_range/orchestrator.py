def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5, 3.0])
    parser.add_argument("--extra", type=float, nargs="+", default=[0.5, 1.5])


async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])
    valid, missing = [], []
    for run, job in screen:
        if run.y is None:
            missing.append(job.x)
        else:
            valid.append(run.y)
    for i in range(len(valid) + 1):
        await workflow.step.createTask(x=float(i), i=i)
