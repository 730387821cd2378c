def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]

    names = ["a", "b", "c"]
    for name, y in zip(names, ys):
        await workflow.label.createTask(name=f"{name}_{y}")
    for i, (run, job) in enumerate(runs):
        await workflow.label.createTask(name=f"{i}-{run.y}")
    best = max(zip(ys, params["xs"]))
    await workflow.label.createTask(name=str(max(zip(ys, params["xs"]))[1]))
    pairs = sorted([(r.y, j.x) for r, j in runs])
    await workflow.label.createTask(name=str(pairs[0][1]))
    if best[0] > 4.0:
        await workflow.label.createTask(name=f"big {best[1]}")
    for r, j in runs:
        t = (r.y, j.x)
        await workflow.label.createTask(name=str(t))
        await workflow.label.createTask(name=str(t == [r.y, j.x]))
