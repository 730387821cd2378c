def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    mult_runs = await workflow.mult.createTask(x=params["inputs"])
    add_runs = []
    for run, job in mult_runs:
        add_runs.extend(await workflow.add.createTask(x=run.y))
    again = []
    for run, job in add_runs:
        again.extend(await workflow.mult.createTask(x=run.y / 2))
    await workflow.norm.createTask(mult_ids=[r.id for r, j in again])
