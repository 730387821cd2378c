def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=1)


async def main(workflow, **params):
    if params["n"] > 2:
        await workflow.mult.createTask(x=1.0)
    else:
        await workflow.add.createTask(x=2.0)
    await workflow.norm.createTask(mult_ids=[params["n"]])
