def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    counts = {}
    for run, job in runs:
        counts[job.x] = counts.get(job.x, 0) + 1
        if run.y > 5:
            counts["total"] += 1
    await workflow.lin.createTask(x=1.0)
