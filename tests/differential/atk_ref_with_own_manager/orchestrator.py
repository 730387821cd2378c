class Quiet:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return True


def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    r = -1.0
    with Quiet():
        r = 1.0 / (run.y - 2)
    await workflow.sq.createTask(x=r)
