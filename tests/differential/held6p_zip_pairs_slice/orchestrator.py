def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for (a, ja), (b, jb) in zip(runs, runs[1:]):
        await workflow.lin.createTask(x=b.y - a.y)
