def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    first, _ = runs[0]
    print(f"first square: {first.y:d}")
    await workflow.lin.createTask(x=1.0)
