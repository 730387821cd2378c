def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    kept = [r for r, j in runs if r.y >= 20]
    every = [run for run, job in runs]
    if len(kept) > 0 and len(every) > 3:
        await workflow.lin.createTask(x=float(len(kept)))
    if len(kept) == len(every):
        await workflow.lin.createTask(x=100.0)
    await workflow.sq.createTask(x=1.0)
