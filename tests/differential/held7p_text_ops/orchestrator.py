def populate_arg_parser(parser):
    parser.add_argument("--name", default="omega")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    if run.text.startswith("OM") and "EG" in run.text:
        await workflow.count.createTask(n=len(run.text[::-1]))
    await workflow.label.createTask(name=run.text[1:3].lower() * 2)
    await workflow.count.createTask(n=run.text.count("A") + run.text.find("G"))
