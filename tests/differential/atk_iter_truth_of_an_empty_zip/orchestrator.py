def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    squares = await workflow.sq.createTask(x=params["xs"])
    big = [run.y for run, job in squares if run.y > 100]
    pairs = zip(big, params["xs"])
    if pairs:
        await workflow.count.createTask(n=1)
    else:
        await workflow.count.createTask(n=2)
    chained = enumerate(big)
    await workflow.lin.createTask(x=3.0 if chained else 4.0)
