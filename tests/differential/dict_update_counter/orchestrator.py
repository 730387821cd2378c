from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    seen = Counter()
    seen.update({j.x: 1 for r, j in sq})
    await workflow.count.createTask(n=len(seen))
