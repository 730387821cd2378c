def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    out = []
    for x in params["xs"]:
        out += await workflow.sq.createTask(x=x)
    await workflow.total.createTask(sq_ids=[r.id for r, j in out])
