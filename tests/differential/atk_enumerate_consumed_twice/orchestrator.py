def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    numbered = enumerate(runs)
    first = [i for i, (run, job) in numbered]
    for i, (run, job) in numbered:
        await workflow.lin.createTask(x=run.y + i)
    await workflow.count.createTask(n=len(first))
