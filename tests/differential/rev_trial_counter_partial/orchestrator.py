from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=5)


async def main(workflow, **params):
    seen = Counter()
    seed = 0
    stopped = 0.0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        try:
            for run, job in runs:
                seen[str(round(run.y, 6))] += 1
                w = 1.0 / (run.y - params["x"])  # noqa: F841
        except ZeroDivisionError:
            stopped = 1000.0
            break
    await workflow.lin.createTask(x=float(sum(seen.values())) + stopped + len(seen))
