def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["ab", "xyz"])


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        text = str(run.text)
        await workflow.label.createTask(name=f"{run.text}-{job.name}")
        await workflow.label.createTask(name="%s/%s" % (text, job.name))
        await workflow.label.createTask(name="{}:{}".format(text, job.name))
