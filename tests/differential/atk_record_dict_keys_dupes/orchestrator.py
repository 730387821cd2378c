from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    x: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {Point(job.x): run.y for run, job in runs}
    await workflow.count.createTask(n=len(table))
    await workflow.lin.createTask(x=table[Point(2.0)])
