def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    run, job = runs[0]
    await workflow.lin.createTask(x=float("y" in run.keys()) + float(len(job.keys()) > 0))
