def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    d = {}
    for name in ["ab", "cde"]:
        d[name] = len(name)
    for x in params["xs"]:
        d[str(x)] = 1
    await workflow.count.createTask(n=d["cde"] + len(d))
