def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5])


async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])

    a, b, c = [], [], []
    for run, job in screen:
        if run.y is None:
            a.append(job.x)
        elif run.y > 4:
            b.append(run.y)
        else:
            c.append(run.y)
    for i, v in enumerate(c + b):
        await workflow.step.createTask(x=v, i=i)
