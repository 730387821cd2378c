def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    squares = await workflow.sq.createTask(x=params["xs"])
    for run, job in squares:
        await workflow.lin.createTask(x=run.y)
