from collections import namedtuple

Result = namedtuple("Result", ["x", "y"])


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    results = [Result(job.x, run.y) for run, job in runs]
    best = max(results, key=lambda r: r.y)
    await workflow.label.createTask(name=f"{best} {best._asdict()}")
