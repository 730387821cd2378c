def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    by_id = {}
    for run, job in runs:
        by_id[f"run{job.x}"] = run.y
    await workflow.lin.createTask(x=sum(by_id.values()))
