def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])

    try:
        n = 2 if run.y in "XAY" else 3
    except TypeError:
        n = 1
    await workflow.count.createTask(n=n)
