from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 1])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    extra = groups[99.0]
    await workflow.count.createTask(n=len(groups) + len(extra))
