def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = (run.y for run, job in runs)
    total = sum(ys)
    n = sum(1 for _ in ys)
    await workflow.count.createTask(n=int(total) + 100 * n)
