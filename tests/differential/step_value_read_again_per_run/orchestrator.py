def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        await workflow.lin.createTask(x=1.0 / run.y)
        await workflow.label.createTask(name="%s:%r" % (job.x, 1.0 / run.y))
