def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        slope = 1.0 / (run.y - 1)
        if slope > 1:
            print("steep", job.x)
        await workflow.lin.createTask(x=run.y)
