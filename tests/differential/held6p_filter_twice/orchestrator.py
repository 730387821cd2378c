def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    big = filter(lambda y: y > 1.5, [run.y for run, job in runs])
    if any(True for _ in big):
        await workflow.count.createTask(n=len(list(big)))
