def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.count.createTask(n=len(str.ljust(text, 14)))
    await workflow.count.createTask(n=len(str.format("{:>9}", text)))
    await workflow.count.createTask(n=len(str.__mod__("%-7s", text)))
