def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    run, job = runs[0]
    if run.y > 3:
        await workflow.sq.createTask(x=run.y)
    else:
        await workflow.lin.createTask(x=run.y * 10)
