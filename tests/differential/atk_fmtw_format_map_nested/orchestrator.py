def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.count.createTask(n=len("{a:>14}".format_map({"a": text})))
    await workflow.count.createTask(n=len("{:{}}".format(text, 9)))
    await workflow.label.createTask(name="{:>{}}|".format("ab", str(run.y)))
