import statistics
from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 5])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    means = {}
    for x, ys in groups.items():
        m = statistics.fmean(ys)
        means[x] = round(m, 6)
    await workflow.lin.createTask(x=[means[x] for x in sorted(means)] + [round(m, 6)])
