def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    for x in params["inputs"]:
        (run, job), = await workflow.mult.createTask(x=x)
        await workflow.add.createTask(x=run.y + x)
