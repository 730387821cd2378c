import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    x: float
    cuts: list


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[1, 2, 3])
    spreads = [Spread(job.x, statistics.quantiles([run.y, job.x, 0.0], n=2))
               for run, job in runs]
    for s in sorted(spreads, key=lambda s: -s.cuts[0]):
        await workflow.lin.createTask(x=s.cuts[0])
    await workflow.count.createTask(n=len(spreads))
