from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 1, 2])
    groups = defaultdict(list)
    first = groups[1.0]
    for run, job in runs:
        groups[job.x].append(run.y)
    await workflow.count.createTask(n=len(first) + len(groups))
