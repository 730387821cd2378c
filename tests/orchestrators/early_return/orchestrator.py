def populate_arg_parser(parser):
    parser.add_argument("--go", action="store_true")


async def main(workflow, **params):
    await workflow.mult.createTask(x=1.0)
    if not params["go"]:
        return
    await workflow.add.createTask(x=2.0)
