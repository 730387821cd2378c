def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    made = {}
    for x in params["xs"]:
        made[x] = await workflow.sq.createTask(x=x)
    for x in params["xs"]:
        await workflow.lin.createTask(x=x + sum(made[x][0][0].y for x in params["xs"]))
