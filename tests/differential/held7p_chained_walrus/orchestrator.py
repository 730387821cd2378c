def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    picked = [y for run, job in runs if 1 < (y := run.y - 2) <= 7]
    await workflow.lin.createTask(x=picked)
    calls = []

    def probe(v):
        calls.append(v)
        return v

    hits = 0
    for run, job in runs:
        if 0 < probe(run.y) < 10 > len(calls):
            hits += 1
    await workflow.count.createTask(n=hits * 100 + len(calls))
    if (best := max(runs, key=lambda rj: rj[0].y)[0]).y > 5 and (m := best.y % 4):
        await workflow.sq.createTask(x=m)
    await workflow.count.createTask(n=int(y))
