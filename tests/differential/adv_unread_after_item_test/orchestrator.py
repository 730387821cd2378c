def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if run.y > 3:
            continue
        ratio = 1.0 / (run.y - 1)
        print(job.x, ratio)
    await workflow.lin.createTask(x=2.0)
