import math


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.gap.createTask(x=params["xs"])
    good, missing = [], []
    for run, job in runs:
        try:
            value = math.sqrt(run.y)
        except TypeError:
            missing.append(job.x)
            continue
        good.append(value)
    print(f"{len(missing)} missing: {missing}")
    sq_runs = []
    for v in good:
        sq_runs.extend(await workflow.sq.createTask(x=round(v, 4)))
    (tot, _), = await workflow.total.createTask(sq_ids=[r.id for r, j in sq_runs])
    if missing:
        await workflow.count.createTask(n=len(missing))
    await workflow.sq.createTask(x=tot.y / max(tot.n, 1))
