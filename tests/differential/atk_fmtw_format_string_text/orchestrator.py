def populate_arg_parser(parser):
    parser.add_argument("--name", default="a%%b{{c}}")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.label.createTask(name=(str(run.text) + "-%d") % 3)
    await workflow.label.createTask(name=(str(run.text) + "-{}").format(3))
