import statistics  # noqa: F401
from collections import defaultdict  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0, 4.0])


async def main(workflow, **params):
    owner = {1.0: "steel", 2: "steel", 3.0: "wood", 4.0: "wood"}  # noqa: F841
    runs = await workflow.lin.createTask(x=params["xs"])

    sens = {}
    for run, job in runs:
        try:
            sens[owner[job.x] + str(job.x)] = 1.0 / (run.y - 3.0)
        except ZeroDivisionError:
            sens[owner[job.x] + str(job.x)] = 0.0
    shown = {k: round(v, 4) for k, v in sens.items()}
    await workflow.label.createTask(name=str(shown))
