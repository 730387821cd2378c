def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = (run.y for run, job in runs if run.y > 2)
    total = sum(ys)
    rest = list(ys)
    await workflow.lin.createTask(x=total)
    if rest:
        await workflow.sq.createTask(x=rest)
    else:
        await workflow.count.createTask(n=len(rest) + 7)
    it = iter(runs)
    first = next(it)
    await workflow.lin.createTask(x=[r.y for r, j in it])
    await workflow.count.createTask(n=int(first[0].y))
