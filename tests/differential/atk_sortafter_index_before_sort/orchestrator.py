import asyncio  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5])


async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])
    valid = []
    for run, job in screen:
        if run.y is not None:
            valid.append(run.y)
    plain = [run.y * 2 for run, job in screen if run.y is not None]  # noqa: F841
    desc = [-job.x for run, job in screen]  # noqa: F841

    first = valid[0]
    valid.sort(reverse=True)
    await workflow.sq.createTask(x=[first, valid[0]])
