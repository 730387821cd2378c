import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    big = [run.y for run, job in runs if run.y > 100]
    mean = statistics.fmean(big)
    await workflow.lin.createTask(x=2.0)
    print(f"mean of the big ones: {mean}")
