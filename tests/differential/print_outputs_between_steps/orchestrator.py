import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    print("squares:", ys)
    print(f"mean {statistics.fmean(ys):.3f} over {len(ys)} runs")
    table = {job.x: run.y for run, job in runs}
    print(table)
    await workflow.lin.createTask(x=ys)
