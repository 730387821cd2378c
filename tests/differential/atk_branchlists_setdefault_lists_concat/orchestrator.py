def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5])


async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])

    out = {}
    for run, job in screen:
        if run.y is None:
            out.setdefault('m', []).append(job.x)
        else:
            out.setdefault('v', []).append(run.y)
    await workflow.sq.createTask(x=out.get('v', []) + out.get('m', []))
