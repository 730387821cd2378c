import statistics
from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="configurations")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2],
                        help="replicas per configuration")


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=params["seeds"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    summary = {x: (statistics.fmean(ys), max(ys) - min(ys)) for x, ys in groups.items()}
    steadiest = min(summary, key=lambda x: summary[x][1])
    for x in sorted(summary):
        mean, width = summary[x]
        await workflow.lin.createTask(x=round(mean, 9))
    await workflow.sq.createTask(x=steadiest)
    await workflow.count.createTask(n=len(groups))
