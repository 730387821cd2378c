def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    (r0, j0), (r1, j1) = runs
    ratio = r1.y / r0.y
    await workflow.lin.createTask(x=j1.x)
    print("ratio", ratio)
