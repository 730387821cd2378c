def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        await workflow.sq.createTask(x=run.y + 0.5)
    got = []
    for r, j in runs:
        (r2, j2), = await workflow.sq.createTask(x=r.y + 0.25)
        got.append(r2.y + job.x)
    await workflow.count.createTask(n=[int(v) for v in got])
