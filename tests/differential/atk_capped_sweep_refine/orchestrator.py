import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=2.0)
    parser.add_argument("--tol", type=float, default=0.03)
    parser.add_argument("--max_rounds", type=int, default=3)


async def main(workflow, **params):
    seeds = [1, 2]
    mean = None
    for rnd in range(params["max_rounds"]):
        runs = await workflow.replica.createTask(x=params["x0"], seed=seeds)
        ys = [run.y for run, job in runs]
        mean = statistics.fmean(ys)
        spread = statistics.stdev(ys) / len(ys) ** 0.5
        print(f"round {rnd}: mean {mean:.4f} +- {spread:.4f}")
        if spread < params["tol"]:
            break
        seeds = seeds + [len(seeds) + 1, len(seeds) + 2]
    await workflow.lin.createTask(x=mean)
    await workflow.count.createTask(n=len(seeds))
