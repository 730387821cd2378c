import math
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0, help="configuration")
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--max-batches", type=int, default=6)
    parser.add_argument("--rel-se", type=float, default=0.004)


async def main(workflow, **params):
    samples = []
    batch = 0
    mean = se = math.inf
    while batch < params["max_batches"]:
        seeds = list(range(batch * params["batch"], (batch + 1) * params["batch"]))
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        samples.extend(run.y for run, job in runs)
        batch += 1
        mean = statistics.mean(samples)
        se = statistics.stdev(samples) / math.sqrt(len(samples))
        print(f"batch {batch}: n={len(samples)} mean={mean:.5f} se={se:.5f}")
        if se / abs(mean) < params["rel_se"]:
            break
    else:
        print("cap reached before the target error")
    await workflow.lin.createTask(x=round(mean, 9))
    await workflow.count.createTask(n=len(samples))
