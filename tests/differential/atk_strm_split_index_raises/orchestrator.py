def populate_arg_parser(parser):
    parser.add_argument("--name", default="omega")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    tail = run.text.split("Z")[1]
    await workflow.count.createTask(n=len(tail))
