import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=3)
    parser.add_argument("--tol", type=float, default=0.01)


async def main(workflow, **params):
    samples = []
    k = 0
    while k < 4:
        seeds = [k * params["batch"] + i for i in range(params["batch"])]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        samples.extend(run.y for run, job in runs)
        k += 1
        if statistics.pstdev(samples) < params["tol"] * params["x"]:
            break
    samples.append(params["x"])
    await workflow.lin.createTask(x=statistics.fmean(samples))
    await workflow.count.createTask(n=len(samples) + k)
