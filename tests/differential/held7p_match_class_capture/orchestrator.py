def populate_arg_parser(parser):
    parser.add_argument("--name", default="omega")


async def main(workflow, **params):
    (lab, _), = await workflow.label.createTask(name=params["name"])
    match lab.text:
        case str(t):
            await workflow.count.createTask(n=len(t))
        case _:
            await workflow.count.createTask(n=0)
