def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")

SEEN = {}


def seen():
    return len(SEEN)


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])
    for run, job in sq:
        SEEN[run.y] = 1
    await workflow.count.createTask(n=seen())
