def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=0.75)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    await workflow.count.createTask(n=round(run.y))
    await workflow.sq.createTask(x=round(run.y * 1.01, 1))
    await workflow.label.createTask(name=f"{run.y:.0f}|{run.y:e}|{run.y!r}")
    await workflow.count.createTask(n=len(str(run.y / 3)))
    await workflow.lin.createTask(x=float(f"{run.y / 3:.3g}"))
    await workflow.count.createTask(n=int(run.y * 10) % 7)
