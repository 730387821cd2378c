def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.interval.createTask(x=params["xs"])
    ends = {run.b: job.x for run, job in runs}
    await workflow.count.createTask(n=len(ends))
    await workflow.label.createTask(name=str(sorted(ends)))
