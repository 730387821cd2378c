import itertools


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")



async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    rows = []
    for run, job in runs:
        rows.append([run.y, job.x])
    flat = itertools.chain.from_iterable(rows)
    total = sum(flat)
    rest = len(list(flat))
    await workflow.count.createTask(n=int(total) + rest)
