def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])

    await workflow.label.createTask(
        name=[chr(64 + run.y), hex(run.y), oct(run.y * 9), bin(run.y)])
    await workflow.count.createTask(n=len(hex(run.y * 1000)) + ord(chr(run.y + 60)))
