def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--digits", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = [(abs(run.y - job.x), (job.x, round(run.y, params["digits"])))
             for run, job in runs]
    gap, (x, y) = max(table, key=lambda t: t[0])
    low = min(table)
    print(f"largest gap {gap:.3f} at x={x:g}")
    await workflow.lin.createTask(x=x + y)
    await workflow.label.createTask(name=f"{x:g}/{low[0]:.3f}/{str(low[1])}")
