def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--offset", type=int, default=1)


async def main(workflow, **params):
    runs = await workflow.interval.createTask(x=params["xs"])
    widths = []
    for i, (run, job) in enumerate(runs, start=params["offset"]):
        lo, hi = run.b
        widths.append(hi - lo)
        await workflow.step.createTask(x=hi - lo, i=i)
    pairs = await workflow.pair.createTask(x=sorted(widths, reverse=True)[:2])
    overlaps = 0
    for (p, _), (q, _) in zip(pairs, pairs[1:]):
        if p.bounds[0] < q.bounds[1] and q.bounds[0] < p.bounds[1]:
            overlaps += 1
    await workflow.count.createTask(n=overlaps)
