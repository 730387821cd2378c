def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    big = [r.id for r, j in runs if r.y > 1]
    await workflow.norm.createTask(mult_ids=big)
