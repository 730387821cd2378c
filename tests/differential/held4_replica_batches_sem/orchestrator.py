import math
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)
    parser.add_argument("--sem", type=float, default=0.02)
    parser.add_argument("--batch", type=int, default=3)
    parser.add_argument("--max_batches", type=int, default=4)


async def main(workflow, **params):
    ys = []
    status = "capped"
    for b in range(params["max_batches"]):
        seeds = list(range(b * params["batch"], (b + 1) * params["batch"]))
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        ys += [run.y for run, job in runs]
        sem = statistics.stdev(ys) / math.sqrt(len(ys))
        print(f"batch {b}: n={len(ys)} mean={statistics.mean(ys):.4f} sem={sem:.4f}")
        if sem < params["sem"]:
            status = "converged"
            break
    mean = statistics.mean(ys)
    await workflow.sq.createTask(x=mean)
    await workflow.label.createTask(name=f"{status}-{len(ys)}")
