from collections import Counter  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=3)


def note(table, key):
    table[key] = table.get(key, 0) + 1


async def main(workflow, **params):
    seen = {}
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            note(seen, str(round(run.y, 6)))
        if len(seen) > 2:
            break
    more = await workflow.replica.createTask(x=params["x"], seed=[20, 21])
    for run, job in more:
        seen[str(round(run.y, 6))] = seen.get(str(round(run.y, 6)), 0) + 10
    await workflow.lin.createTask(x=float(sum(seen.values())) + len(seen))
