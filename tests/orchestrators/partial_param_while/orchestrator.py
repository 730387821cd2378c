def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, required=True)


async def main(workflow, **params):
    await workflow.add.createTask(x=0.5)
    i = 0
    while i < params["n"]:  # SEGMENT
        await workflow.mult.createTask(x=i)
        i += 1
