import itertools  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.0)
    parser.add_argument("--max_seeds", type=int, default=6)
    parser.add_argument("--tol", type=float, default=0.05)


async def main(workflow, **params):
    ys = []

    means = []
    for seed in range(params['max_seeds']):
        (run, job), = await workflow.replica.createTask(x=params['x'], seed=seed)
        ys.append(run.y)
        means = [s / (i + 1) for i, s in enumerate(itertools.accumulate(ys))]
        if len(means) >= 3 and abs(means[-1] - means[-2]) < params['tol']:
            break
    await workflow.count.createTask(n=len(ys))
    await workflow.sq.createTask(x=means[-1])
