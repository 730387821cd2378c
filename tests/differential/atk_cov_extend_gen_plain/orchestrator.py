import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [0.5]
    alias = ys
    ys.extend(run.y for run, job in runs)
    ys.extend(run.y + 1.0 for run, job in runs if run.y > 2.0)
    await workflow.lin.createTask(x=statistics.fmean(alias))
    await workflow.count.createTask(n=len(ys))
