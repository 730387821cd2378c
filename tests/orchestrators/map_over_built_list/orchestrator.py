def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    mult_runs = await workflow.mult.createTask(x=params["inputs"])
    created = []
    for run, job in mult_runs:
        created.extend(await workflow.add.createTask(x=run.y))
    for run, job in created:
        await workflow.norm.createTask(mult_ids=[run.id])
    for run, job in created:
        await workflow.mult.createTask(x=1.0)
