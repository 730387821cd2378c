def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")

    parser.add_argument("--refine", action="store_true")


def count_big(runs):
    n = 0
    for run, job in runs:
        if run.y > 2:
            n += 1
    return n


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    if params["refine"]:
        for run, job in runs:
            await workflow.lin.createTask(x=run.y)
    await workflow.count.createTask(n=count_big(runs))
