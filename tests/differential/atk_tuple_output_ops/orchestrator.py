def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.interval.createTask(x=params["xs"])
    for run, job in runs:
        ext = run.b + (0.0,)
        flipped = run.b[::-1]
        same = run.b == (1.0, 2.0)
        await workflow.lin.createTask(x=ext[-1] + flipped[0] + float(same))
    widest = max((run.b for run, job in runs), key=lambda b: b[1] - b[0])
    await workflow.label.createTask(name=f"{widest}")
