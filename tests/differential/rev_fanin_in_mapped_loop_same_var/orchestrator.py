def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    ys = []
    for x in params["xs"]:
        (r, j), = await workflow.sq.createTask(x=x)
        ys.append(r.y)
    for x in params["xs"]:
        await workflow.lin.createTask(x=x + sum(ys))
