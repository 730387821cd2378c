def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    shift = 0.0

    def key(pair):
        return -abs(pair[0].y - shift)
    shift = 1.0
    ranked = sorted(runs, key=key)
    shift = 100.0
    await workflow.lin.createTask(x=ranked[0][0].y + shift)
