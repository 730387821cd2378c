from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)


async def main(workflow, **params):
    seen = Counter()
    stopped = 0.0
    x = params["x"]
    for b in range(5):
        runs = await workflow.replica.createTask(x=x, seed=[2 * b, 2 * b + 1])
        try:
            for run, job in runs:
                seen[str(round(run.y, 6))] += 1
                w = 1.0 / (run.y - x)  # noqa: F841
        except ZeroDivisionError:
            stopped = 1000.0
            break
    await workflow.lin.createTask(x=float(sum(seen.values())) + stopped + len(seen))
