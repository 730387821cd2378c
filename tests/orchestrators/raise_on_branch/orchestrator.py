def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, required=True)


async def main(workflow, **params):
    await workflow.add.createTask(x=0.5)
    if params["n"] < 0:
        raise ValueError("n must be positive")
    await workflow.mult.createTask(x=params["n"])
