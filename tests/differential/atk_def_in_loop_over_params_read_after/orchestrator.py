def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    for x in params["xs"]:
        def shifted(y):
            return y + x
    runs = await workflow.sq.createTask(x=params["xs"][0])
    await workflow.lin.createTask(x=shifted(runs[0][0].y))
