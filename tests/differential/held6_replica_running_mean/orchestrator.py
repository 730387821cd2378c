import itertools


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--max-seeds", type=int, default=8)
    parser.add_argument("--tol", type=float, default=0.01)


async def main(workflow, **params):
    converged = {}
    for x in params["xs"]:
        ys = []
        means = []
        for seed in range(params["max_seeds"]):
            (run, job), = await workflow.replica.createTask(x=x, seed=seed)
            ys.append(run.y)
            means = [s / (i + 1) for i, s in enumerate(itertools.accumulate(ys))]
            if len(means) >= 3 and abs(means[-1] - means[-2]) < params["tol"] * abs(means[-1]):
                break
        converged[x] = (means[-1], len(ys))
    best_x, (best_mean, used) = min(converged.items(), key=lambda kv: kv[1][1])
    print(f"cheapest: x={best_x} mean={best_mean:.4f} with {used} replicas")
    await workflow.lin.createTask(x=[round(m, 9) for m, n in converged.values()])
    await workflow.count.createTask(n=used)
