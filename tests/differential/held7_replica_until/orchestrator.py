import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--tol", type=float, default=0.01)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max-replicas", type=int, default=10)


async def main(workflow, **params):
    ys = []
    seed = 0
    while len(ys) < params["max_replicas"]:
        for s in range(seed, seed + params["batch"]):
            (run, job), = await workflow.replica.createTask(x=params["x"], seed=s)
            ys.append(run.y)
        seed += params["batch"]
        if len(ys) >= 4:
            sem = statistics.stdev(ys) / len(ys) ** 0.5
            print(f"{len(ys)} replicas: mean {statistics.fmean(ys):.4f} +- {sem:.4f}")
            if sem / abs(statistics.fmean(ys)) < params["tol"]:
                await workflow.lin.createTask(x=statistics.fmean(ys))
                await workflow.count.createTask(n=len(ys))
                return
    await workflow.count.createTask(n=-1)
