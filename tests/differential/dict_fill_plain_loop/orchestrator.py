def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    d = {}
    for name in ["ab", "cde"]:
        d[name] = len(name)
    await workflow.count.createTask(n=d["cde"] + len(d) + len(sq))
