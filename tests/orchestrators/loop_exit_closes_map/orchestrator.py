def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    for run, job in runs:
        print("first run", run.id)
        break
    await workflow.add.createTask(x=1.0)
    first = next(iter(runs))
    await workflow.add.createTask(x=2.0)
    for r1, j1 in runs:
        await workflow.add.createTask(x=r1.y + 1.0)
    await workflow.norm.createTask(mult_ids=[3])
