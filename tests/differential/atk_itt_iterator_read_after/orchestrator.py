import itertools


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--max_seeds", type=int, default=4)


async def main(workflow, **params):
    done = {}
    for x in params["xs"]:
        ys = []
        for seed in range(params["max_seeds"]):
            (run, job), = await workflow.replica.createTask(x=x, seed=seed)
            ys.append(run.y)
            if len(ys) >= 2 and abs(ys[-1] - ys[-2]) < 0.05:
                break
        sums = list(itertools.accumulate(ys))
        done[x] = sums[-1]
        cycle = itertools.cycle(ys)
    await workflow.lin.createTask(x=[next(cycle), next(cycle), next(cycle)])

