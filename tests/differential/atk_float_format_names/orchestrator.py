def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    names = []
    for run, job in runs:
        name = f"{run.y + job.x}|{run.y:.3g}|{job.x:e}|{round(run.y, 2)}"
        await workflow.label.createTask(name=name)
        names.append(name)
    await workflow.count.createTask(n=len(set(names)))
