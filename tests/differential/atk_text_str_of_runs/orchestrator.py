from operator import itemgetter  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]  # noqa: F841

    rs = [run for run, job in runs]
    await workflow.label.createTask(name=str(len(str(rs)) > 0))
