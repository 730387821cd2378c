def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    a = await workflow.mult.createTask(x=params["inputs"])
    b = await workflow.add.createTask(x=params["inputs"])
    for (ra, ja), (rb, jb) in zip(a, b):
        await workflow.mult.createTask(x=ra.y + rb.y)
    ids = [r.id for r, j in a] + [r.id for r, j in b]
    await workflow.norm.createTask(mult_ids=ids + [max(r.y for r, j in b)])
