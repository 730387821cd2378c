def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    big = [run for run, job in runs if run.y >= 20]
    n_big = len(big)
    if n_big >= 5:
        await workflow.lin.createTask(x=float(n_big))
    else:
        await workflow.sq.createTask(x=float(n_big))
    labels = await workflow.label.createTask(name=[f"c{job.n}" for run, job in runs])
    await workflow.count.createTask(n=sum(run.y for run, job in labels))
