def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    q, r = divmod(runs[0][0].y, runs[1][0].y)
    await workflow.lin.createTask(x=q)
    await workflow.lin.createTask(x=r + divmod(len(runs), 2)[1])
