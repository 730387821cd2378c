import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def code(run):
    return ord(run.text)


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    res, = await asyncio.gather(code(run), return_exceptions=True)
    await workflow.count.createTask(n=1 if isinstance(res, Exception) else 2)
