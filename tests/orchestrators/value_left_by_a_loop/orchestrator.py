def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    for run, job in runs:
        first = run
        break
    for run, job in runs:
        second = run.y
        break
    await workflow.add.createTask(x=first.y + second)
