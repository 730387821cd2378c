def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.interval.createTask(x=params["xs"])
    spans = [(float(run.b[0]), float(run.b[1])) for run, job in runs]
    widest = max(spans, key=lambda s: s[1] - s[0], default=(0.0, 0.0))
    ordered = sorted(spans, key=lambda s: -s[1])
    text = ",".join(f"{lo:g}-{hi:.2f}" for lo, hi in ordered)
    await workflow.lin.createTask(x=widest[1])
    await workflow.label.createTask(name=f"{text}|{widest[0]:g}|{widest > (0.5, 1.0)}")
