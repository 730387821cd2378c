def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    previous = None
    for run, job in runs:
        if previous is not None:
            await workflow.mix.createTask(a=previous, b=run.y)
        previous = run.y
