def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])

    table = {str(j.x): r.y for r, j in runs}
    for kv in table.items():
        await workflow.label.createTask(name=str(kv[0]))
        await workflow.label.createTask(name=str(kv))
