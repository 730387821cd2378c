def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    workflow.mult.createTask(x=params["inputs"])
    finished = await workflow.mult.select("state = FINISHED")
    for run, job in finished:
        await workflow.add.createTask(x=run.y)
    await workflow.add.select(["state = FINISHED"])
    await workflow.norm.createTask(mult_ids=[r.id for r, j in finished])
