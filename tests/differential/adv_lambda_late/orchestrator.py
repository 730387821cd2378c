def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    await workflow.lin.createTask(x=0.5)
    makers = []
    for x in params["xs"]:
        makers.append(lambda: x * 2)
    for make in makers:
        await workflow.sq.createTask(x=make())
