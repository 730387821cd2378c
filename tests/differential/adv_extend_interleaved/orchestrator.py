def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    small = await workflow.sq.createTask(x=params["xs"])
    big = await workflow.sq.createTask(x=[x + 10 for x in params["xs"]])
    ids = []
    for (ra, ja), (rb, jb) in zip(small, big):
        ids.extend([ra.id, rb.id])
    await workflow.total.createTask(sq_ids=ids)
