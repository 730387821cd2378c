def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = f"{run.text}"
    await workflow.count.createTask(n=len("{:>14}".format(text)))
    await workflow.label.createTask(name="{a:>9}|".format(a=text))
    await workflow.label.createTask(name="{0[0]:>7}|".format([text]))  # noqa: UP030
