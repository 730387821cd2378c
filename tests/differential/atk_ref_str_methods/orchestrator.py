def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])

    await workflow.count.createTask(n="XABY".find(run.text))
    await workflow.label.createTask(name=str.lower(run.text) + "XAB".replace(run.text, "-"))
