def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


def tag(value):
    return "v=" + str(value)


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len(f"{'v=' + str(run.text):>14}"))
    await workflow.count.createTask(n=len("%-12s" % tag(run.text)))
