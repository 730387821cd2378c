from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)


def spread_of(groups, x):
    ys = groups[x]
    return max(ys) - min(ys) if ys else 0.0


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 1])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    spreads = [spread_of(groups, x) for x in (1.0, 2.0, 3.0)]
    await workflow.count.createTask(n=len(groups) + len(spreads))
