import itertools


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")



async def main(workflow, **params):
    squares = await workflow.sq.createTask(x=params["xs"])
    lines = await workflow.lin.createTask(x=params["xs"])
    both = itertools.chain(squares, lines)
    first = [run.y for run, job in both]
    again = [run.y for run, job in both]
    await workflow.count.createTask(n=len(first) * 10 + len(again))
