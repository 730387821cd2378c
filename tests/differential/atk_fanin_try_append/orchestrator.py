def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    inv = []
    for run, job in runs:
        try:
            inv.append(1.0 / run.y)
        except ZeroDivisionError:
            continue
    await workflow.lin.createTask(x=inv[-1])
    await workflow.count.createTask(n=len(inv))
