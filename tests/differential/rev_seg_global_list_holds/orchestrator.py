from collections import Counter  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=3)

KEPT = []


async def main(workflow, **params):
    seen = Counter()
    KEPT.append(seen)
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            seen[str(round(run.y, 6))] += 1
        if len(seen) > 2:
            break
    await workflow.lin.createTask(x=float(len(KEPT[0])))
