def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    if runs[1][0].y / (runs[0][0].y - 1) > 2:
        print("steep")
    await workflow.lin.createTask(x=2.0)
