def populate_arg_parser(parser):
    parser.add_argument("--name", default="abcdef")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.label.createTask(name="%.3s" % text)
    await workflow.label.createTask(name="%s|%9s" % ("x", text))
    await workflow.label.createTask(name="%(a)-8s|" % {"a": text})
    await workflow.count.createTask(n=len("%*s" % (12, text)))
    await workflow.count.createTask(n=len("%r" % text))
