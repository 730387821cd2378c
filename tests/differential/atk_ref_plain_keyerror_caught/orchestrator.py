def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])

    table = {"a": 1}
    try:
        n = table["b"]
    except KeyError:
        n = 7
    await workflow.count.createTask(n=n + ord(run.text[0]))
