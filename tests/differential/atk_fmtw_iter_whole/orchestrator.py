def populate_arg_parser(parser):
    parser.add_argument("--name", default="cab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.count.createTask(n=len(text) + len(list(enumerate(text))))
    await workflow.label.createTask(name=max(text) + "".join(sorted(text)) + text * 2)
    await workflow.count.createTask(n=int(str(run.y)))
