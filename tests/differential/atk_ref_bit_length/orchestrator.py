def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])

    await workflow.count.createTask(n=int.from_bytes(b"\x01\x02", "big"))
    await workflow.count.createTask(n=int.bit_length(run.y))
