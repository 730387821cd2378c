def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    squares = await workflow.sq.createTask(x=params["xs"])
    lines = await workflow.lin.createTask(x=params["xs"])
    for ra, ja in squares:
        for rb, jb in lines:
            await workflow.mix.createTask(a=ra.y, b=rb.y)
