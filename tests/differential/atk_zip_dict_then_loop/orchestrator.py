def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--names", nargs="+", default=["a", "b"])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    named = zip(params["names"], [run.y for run, job in runs])
    table = dict(named)
    for name, y in named:
        await workflow.lin.createTask(x=y)
    await workflow.count.createTask(n=len(table))
