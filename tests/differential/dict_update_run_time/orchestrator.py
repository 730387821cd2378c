import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    lin = await workflow.lin.createTask(x=[2.0, 5.0])
    table = {j.x: r.y for r, j in sq}
    mean = statistics.fmean(table.values())
    first = sorted(table)
    table.update({j.x: r.y for r, j in lin})
    await workflow.count.createTask(n=len(table) * 10 + len(first))
    await workflow.lin.createTask(x=mean + sum(table.values()))
