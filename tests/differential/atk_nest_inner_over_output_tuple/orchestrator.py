def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        for b in run.bounds:
            (r2, j2), = await workflow.sq.createTask(x=b)
            ys.append(r2.y + job.x)
    await workflow.count.createTask(n=len(ys) * 100 + int(ys[-1]))
