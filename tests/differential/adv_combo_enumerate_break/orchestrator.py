def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for i, (run, job) in enumerate(runs):
        await workflow.step.createTask(x=run.y, i=i)
        if i >= 1:
            break
    await workflow.lin.createTask(x=1.0)
