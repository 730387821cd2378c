def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    total = 0
    for run, job in runs:
        total = total + run.y
    await workflow.add.createTask(x=total)
