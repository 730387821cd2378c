import itertools  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])

    picked = []
    for run, job in runs:
        if run.y > 0:
            picked.append((run, job))
    again = [p for p in picked]
    await workflow.sq.createTask(x=[j.x for r, j in again])
