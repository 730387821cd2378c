def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = map(lambda p: p[0].y, runs)
    top = max(ys)
    rest = list(ys)
    await workflow.lin.createTask(x=[top] + rest)
