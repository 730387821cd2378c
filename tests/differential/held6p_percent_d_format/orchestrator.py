def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    names = ["n%d" % run.y for run, job in runs]
    names += ["r{:.0f}".format(job.x) for run, job in runs]
    await workflow.label.createTask(name=names)
