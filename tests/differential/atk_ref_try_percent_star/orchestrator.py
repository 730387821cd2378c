def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])

    try:
        s = "%-*s|" % (run.y, "x")
    except TypeError:
        s = "no"
    await workflow.label.createTask(name=s)
