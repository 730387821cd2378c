def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    widest = max([(float(run.y), job.x) for run, job in runs], key=lambda t: -t[0])
    await workflow.lin.createTask(x=widest[0])
    names = [str((run.y, run.bounds)) for run, job in runs]
    await workflow.label.createTask(name=";".join(names) + f"|{runs[0][0].bounds}")
