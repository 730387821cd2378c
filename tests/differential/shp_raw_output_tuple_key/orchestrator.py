def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def width(entry):
    bounds, x = entry
    return bounds[1] - bounds[0] + x


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    entries = [(run.bounds, job.x) for run, job in runs]
    widest = max(entries, key=width)
    await workflow.label.createTask(name=f"{widest}")
    await workflow.lin.createTask(x=widest[1])
