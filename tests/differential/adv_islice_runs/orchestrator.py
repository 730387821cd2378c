import itertools


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    first_two = list(itertools.islice(runs, 2))
    await workflow.total.createTask(sq_ids=[r.id for r, j in first_two])
