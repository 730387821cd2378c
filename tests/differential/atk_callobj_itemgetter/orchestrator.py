import operator


def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    first = operator.itemgetter(0)(str(run.text) + "#")
    await workflow.count.createTask(n=1 if first == "A" else 2)
