def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        await workflow.lin.createTask(x=run.y + x)
        runs = await workflow.lin.createTask(x=[x, x + 10])
        for r, j in runs:
            await workflow.mix.createTask(a=r.y, b=x)
