def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    a = {}
    for run, job in runs:
        if run.y > 2:
            a[job.x] = run.y
    b = {}
    for run, job in runs[::-1]:
        if run.y > 5:
            b[job.x] = run.y
    if a.keys() == b.keys():
        await workflow.lin.createTask(x=1.0)
    else:
        await workflow.lin.createTask(x=sorted(a.keys() - b.keys()))
    await workflow.label.createTask(name=str(b.keys()))
