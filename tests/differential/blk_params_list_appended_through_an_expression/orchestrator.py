def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    xs = params["xs"]
    for run, job in runs:
        if run.y > 2:
            (xs if run.y > 0 else []).append(run.y)
    await workflow.lin.createTask(x=xs)
