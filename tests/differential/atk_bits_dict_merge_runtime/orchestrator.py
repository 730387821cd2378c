def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = dict(zip(["a", "b"], [r.y for r, j in runs]))
    merged = {"a": 0.0, "c": 5.0} | table
    await workflow.count.createTask(n=int(sum(merged.values())) + len(merged))
