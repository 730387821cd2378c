from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=params["seeds"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    groups[1.0].append(0.0)
    await workflow.count.createTask(n=len(groups[1.0]))
    await workflow.lin.createTask(x=max(groups[2.0]))
