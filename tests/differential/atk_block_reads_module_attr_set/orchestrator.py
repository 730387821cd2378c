from collections import defaultdict

import settings


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=1.0)


async def main(workflow, **params):
    settings.SCALE = params["scale"]
    runs = await workflow.replica.createTask(x=params["xs"], seed=params["seeds"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y * settings.SCALE)
    await workflow.lin.createTask(x=max(groups[2.0]))
    await workflow.count.createTask(n=len(groups))
