def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    (first, job), = await workflow.sq.createTask(x=params["xs"][0])
    history = [first.y]
    alias = history
    if first.y > 2:
        alias.append(first.y * 2)
    await workflow.count.createTask(n=len(history))
    if len(history) > 1:
        await workflow.lin.createTask(x=history[-2])
    runs = await workflow.sq.createTask(x=params["xs"])
    history += [run.y for run, job in runs if run.y > 3]
    await workflow.count.createTask(n=len(history) + 100)
    if len(history) > 2:
        await workflow.lin.createTask(x=history[-1])
