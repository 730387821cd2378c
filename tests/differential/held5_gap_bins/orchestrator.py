from collections import defaultdict

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--start", type=float, default=0.0)
    parser.add_argument("--stop", type=float, default=10.0)
    parser.add_argument("--step", type=float, default=1.0)
    parser.add_argument("--width", type=float, default=4.0)


async def main(workflow, **params):
    xs = np.arange(params["start"], params["stop"], params["step"])
    runs = await workflow.gap.createTask(x=[float(x) for x in xs])
    bins = defaultdict(list)
    missing = 0
    for run, job in runs:
        if run.y is None:
            missing += 1
            continue
        bins[int(job.x // params["width"])].append(run.y)
    print(f"{missing} of {len(runs)} runs without output")
    for b in sorted(bins):
        mean = sum(bins[b]) / len(bins[b])
        print(f"bin {b}: {len(bins[b])} runs, mean {mean:.2f}")
        await workflow.lin.createTask(x=mean)
    await workflow.count.createTask(n=missing)
