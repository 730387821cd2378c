def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    line = "%-14s"
    line %= str(run.text)
    await workflow.count.createTask(n=len(line))
