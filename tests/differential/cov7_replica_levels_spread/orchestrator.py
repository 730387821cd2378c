import math
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.5])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--maxlev", type=int, default=3)


async def main(workflow, **params):
    ref = await workflow.sq.createTask(x=params["xs"])
    errors = []
    spreads = []
    for level in range(params["maxlev"]):
        seeds = [level * 10 + r for r in range(params["reps"])]
        runs = await workflow.replica.createTask(x=params["xs"], seed=seeds)
        errors.extend(abs(run.y - job.x) for run, job in runs)
        spreads.append(statistics.pstdev(errors))
        if spreads[-1] < 0.05 * max(params["xs"]):
            break
    scale = math.sqrt(statistics.fmean(errors))
    await workflow.lin.createTask(x=[run.y * scale for run, job in ref])
    await workflow.count.createTask(n=len(errors) + len(spreads))
