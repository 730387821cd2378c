def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    doubled = [0.5]
    for x in params["xs"]:
        doubled.append(x * 2)
    runs = await workflow.sq.createTask(x=params["xs"])
    big = []
    for run, job in runs:
        if run.y > 3:
            big.append(run.y)
    await workflow.count.createTask(n=len(doubled) * 10 + len(big))
    if len(big) == 2:
        await workflow.lin.createTask(x=sum(big))
