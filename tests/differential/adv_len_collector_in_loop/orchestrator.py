def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    seen = []
    for run, job in runs:
        seen.append(run.y)
        if len(seen) > 1:
            await workflow.lin.createTask(x=job.x)
