def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    seen = {0}
    also = seen
    seen |= {int(runs[-1][0].y)}
    seen ^= {0}
    await workflow.count.createTask(n=len(also) * 10 + sum(also))
