def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    ys = {run.y for run, job in runs}
    await workflow.sq.createTask(x=[float(y) for y in ys])
    uniq = list(dict.fromkeys(run.y % 7 for run, job in runs))
    await workflow.lin.createTask(x=[float(u) for u in uniq])
    pairs = [(run.y // 20, job.n) for run, job in runs]
    stable = sorted(pairs, key=lambda p: p[0])
    await workflow.lin.createTask(x=[float(p[1]) + 0.5 for p in stable])
    hashed = {hash(run.y) % 5 for run, job in runs}
    await workflow.count.createTask(n=len(hashed) + min(ys))
