def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--ys", type=float, nargs="+", required=True)


async def main(workflow, **params):
    acc = []
    for run, job in await workflow.sq.createTask(x=params["xs"]):
        acc.append(run.y)
    acc.append(0.5)
    for y in params["ys"]:
        (lin_run, _), = await workflow.lin.createTask(x=y)
        acc.append(lin_run.y)
    await workflow.count.createTask(n=len(acc))
    await workflow.sq.createTask(x=acc[-1] - acc[0] + acc[len(acc) // 2])
    await workflow.lin.createTask(x=[a / 2 for a in acc])
