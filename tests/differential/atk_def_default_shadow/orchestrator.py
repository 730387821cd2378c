TARGET = 0.0  # where the ranking starts by default


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    TARGET = 8.0

    def distance(pair, target=TARGET):
        return abs(pair[0].y - target)

    ranked = sorted(runs, key=distance)
    await workflow.lin.createTask(x=[ranked[0][0].y, ranked[1][0].y])
