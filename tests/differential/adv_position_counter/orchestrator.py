def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    i = 0
    for run, job in runs:
        await workflow.step.createTask(x=run.y, i=i)
        i += 1
