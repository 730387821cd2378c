def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def refine(workflow, runs, cut):
    for run, job in runs:
        if run.y > cut:
            await workflow.lin.createTask(x=run.y)


async def main(workflow, **params):
    coarse = await workflow.sq.createTask(x=params["xs"])
    await refine(workflow, coarse, 3.0)
    fine = await workflow.sq.createTask(x=[x / 2 for x in params["xs"]] + [5.0])
    await refine(workflow, fine, 1.0)
    await workflow.count.createTask(n=len(fine))
