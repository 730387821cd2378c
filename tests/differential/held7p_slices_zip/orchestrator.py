def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for i, (r, j) in enumerate(reversed(runs)):
        await workflow.lin.createTask(x=r.y + 100 * i)
    for (r, j), w in zip(runs[::-2], [0.5, 0.25, 0.125]):
        await workflow.lin.createTask(x=r.y * w)
    await workflow.count.createTask(n=sum(1 for r, j in runs if r.y > 3))
    await workflow.count.createTask(n=int(runs[-1][0].y - runs[1:][0][0].y))
