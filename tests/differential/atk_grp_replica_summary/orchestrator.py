import statistics
from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)


async def main(workflow, **params):
    samples = defaultdict(list)
    for x in params["xs"]:
        runs = await workflow.replica.createTask(x=x, seed=list(range(params["nrep"])))
        for run, job in runs:
            samples[job.x].append(run.y)
    summary = {}
    for x, ys in samples.items():
        mean = statistics.fmean(ys)
        spread = max(ys) - min(ys)
        summary[x] = (mean, spread)
    tight = [x for x in sorted(summary) if summary[x][1] / summary[x][0] < 0.05]
    if tight:
        await workflow.lin.createTask(x=[round(summary[x][0], 6) for x in tight])
    await workflow.count.createTask(n=len(summary) - len(tight))
