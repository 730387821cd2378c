def populate_arg_parser(parser):
    parser.add_argument("--name", default="it's")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.label.createTask(name=f"{text!r}")
    await workflow.label.createTask(name=repr(text) + "|")
    await workflow.label.createTask(name="{!r}.".format(text))
    await workflow.label.createTask(name=str([text]))
    await workflow.label.createTask(name=f"{[text]}!")
