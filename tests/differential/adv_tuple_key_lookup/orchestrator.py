def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    (r1, j1), = await workflow.sq.createTask(x=params["xs"][0])
    table = {(j1.x, 1): r1.y, (j1.x, 2): r1.y * 2}
    await workflow.lin.createTask(x=table[(j1.x, 2)])
