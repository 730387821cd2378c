from dataclasses import dataclass


@dataclass
class Result:
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    results = [Result(job.x, run.y) for run, job in runs]
    await workflow.count.createTask(n=len(results))
