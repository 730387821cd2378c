import statistics
from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--configs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)
    parser.add_argument("--max-cv", dest="max_cv", type=float, default=0.05)


async def main(workflow, **params):
    seeds = list(range(params["nrep"]))
    runs = await workflow.replica.createTask(x=params["configs"], seed=seeds)
    by_config = defaultdict(list)
    for run, job in runs:
        by_config[job.x].append(run.y)
    summary = {}
    for x, ys in by_config.items():
        summary[x] = (statistics.mean(ys), statistics.stdev(ys))
        print(f"x={x}: mean={summary[x][0]:.4f} sd={summary[x][1]:.4f}")
    worst = max(sd / m for m, sd in summary.values())
    if worst > params["max_cv"]:
        print(f"cv {worst:.3f} too high, more replicas")
        await workflow.replica.createTask(x=params["configs"],
                                          seed=[s + 100 for s in seeds])
    means = [summary[x][0] for x in sorted(summary)]
    await workflow.lin.createTask(x=means)
