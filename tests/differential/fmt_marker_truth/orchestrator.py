def populate_arg_parser(parser):
    parser.add_argument("--name", default="")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    if str(run.text):
        await workflow.count.createTask(n=1)
    else:
        await workflow.count.createTask(n=2)
