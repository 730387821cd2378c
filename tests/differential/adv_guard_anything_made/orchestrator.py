def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    made = []
    for run, job in runs:
        if run.y > 5:
            made += await workflow.lin.createTask(x=run.y)
    if made:
        await workflow.count.createTask(n=1)
