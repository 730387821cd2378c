def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    kept = [run for run, job in runs if run.y >= 20]
    every = [run for run, job in runs]
    if len(kept) > 0 and len(every) > 3:
        await workflow.lin.createTask(x=1.0)
    await workflow.sq.createTask(x=1.0)
