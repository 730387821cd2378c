import statistics
from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x > 1.5].append(run.y)
    summary = {}
    for big, ys in groups.items():
        summary[big] = statistics.fmean(ys)
    await workflow.lin.createTask(x=[summary[k] for k in sorted(summary)])
