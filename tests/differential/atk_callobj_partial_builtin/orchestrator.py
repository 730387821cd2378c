import functools


def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    replace = functools.partial(str.replace)
    await workflow.count.createTask(n=len(replace(str(run.text), "A", "xyz")))
