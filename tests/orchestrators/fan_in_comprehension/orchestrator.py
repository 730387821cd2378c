def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    await workflow.norm.createTask(mult_ids=[r.id for r, j in runs])
    await workflow.norm.createTask(mult_ids=[r.y * 2 for r, j in runs])
    await workflow.norm.createTask(mult_ids=list(runs))
