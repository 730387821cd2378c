def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    big = [run for run, job in runs if run.y >= 20]
    if len(big) >= 2:
        await workflow.lin.createTask(x=float(len(big)))
    await workflow.sq.createTask(x=1.0)
