def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    big = [run.y for run, job in runs if run.y >= 20]
    if not big or len(big) < len(runs):
        await workflow.sq.createTask(x=float(len(big)))
    else:
        await workflow.lin.createTask(x=2.0)
