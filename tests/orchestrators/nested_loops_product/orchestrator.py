def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    a = await workflow.mult.createTask(x=params["inputs"])
    b = await workflow.add.createTask(x=params["inputs"])
    for r1, j1 in a:
        for r2, j2 in b:
            await workflow.norm.createTask(mult_ids=[r1.id, r2.id])
