def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


def check(n):
    if n > 1:
        raise ValueError("too many")
    return n


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    try:
        v = 1 + "a"
    except TypeError:
        v = 2
    try:
        w = check(5)
    except ValueError:
        w = 3
    await workflow.count.createTask(n=v * 10 + w + ord(run.text[0]))
