def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=params["seeds"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    for y in ys:
        await workflow.lin.createTask(x=y)
    ordered = sorted(ys)
    median = ordered[len(ordered) // 2]
    await workflow.sq.createTask(x=median)
    low = ordered[:2]
    await workflow.sq.createTask(x=[ordered[-1] - v for v in low])
