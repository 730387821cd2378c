import itertools


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")



async def main(workflow, **params):
    squares = await workflow.sq.createTask(x=params["xs"])
    lines = await workflow.lin.createTask(x=params["xs"])
    both = itertools.chain(squares, lines)
    await workflow.count.createTask(n=len(both))
