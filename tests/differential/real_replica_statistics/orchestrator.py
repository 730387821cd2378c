import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.0, help="the configuration")
    parser.add_argument("--seeds", type=int, nargs="+", required=True, help="replicas")
    parser.add_argument("--cv", type=float, default=0.005,
                        help="coefficient of variation to reach")


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["x"], seed=params["seeds"])
    by_seed = {job.seed: run.y for run, job in runs}
    mean = statistics.fmean(by_seed.values())
    spread = statistics.pstdev(by_seed.values())
    print(f"{len(by_seed)} replicas: {mean:.4f} +- {spread:.4f}")
    if spread / mean > params["cv"]:
        extra = [s + 100 for s in params["seeds"]]
        more = await workflow.replica.createTask(x=params["x"], seed=extra)
        by_seed.update({job.seed: run.y for run, job in more})
        mean = statistics.fmean(by_seed.values())
        spread = statistics.pstdev(by_seed.values())
    outlier = max(by_seed, key=lambda s: abs(by_seed[s] - mean))
    await workflow.lin.createTask(x=round(mean, 10))
    await workflow.count.createTask(n=outlier)
    await workflow.label.createTask(name=f"{mean:.3f}+-{spread:.3f}")
