def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    last = -1.0
    for run, job in runs[1:]:
        last = run.y
    await workflow.lin.createTask(x=last)
