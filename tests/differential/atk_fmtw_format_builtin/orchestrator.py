def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len(format(str(run.text), ">14")))
    await workflow.label.createTask(name=format(2.5, "." + str(run.y) + "f"))
