def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    results = {"ys": []}
    ys = results["ys"]
    for run, job in runs:
        ys.append(run.y)
    results["ys"].append(100.0)
    await workflow.lin.createTask(x=ys[-1])
    await workflow.count.createTask(n=len(ys))
