def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    for run, job in runs:  # SEGMENT
        if run.y > 3:
            break
        await workflow.add.createTask(x=run.y)
    await workflow.mult.createTask(x=0.5)
