import contextlib


def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])

    n = 1
    with contextlib.suppress(TypeError):
        n = ord(run.text)
    await workflow.count.createTask(n=n)
