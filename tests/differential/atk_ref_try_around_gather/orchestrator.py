def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def code(run):
    return ord(run.text)


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    try:
        n = await code(run)
    except TypeError:
        n = 5
    await workflow.count.createTask(n=n)
