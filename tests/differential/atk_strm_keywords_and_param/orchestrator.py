def populate_arg_parser(parser):
    parser.add_argument("--name", default="omega")


async def main(workflow, **params):
    await workflow.label.createTask(name=params["name"].upper().center(9, "*"))
    (run, job), = await workflow.label.createTask(name=params["name"].title())
    parts = run.text.split(sep="E")
    await workflow.count.createTask(n=len(parts))
