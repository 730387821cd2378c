import itertools


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    both = itertools.chain([run.y for run, job in runs], [0.5])
    await workflow.lin.createTask(x=list(both))
    await workflow.lin.createTask(x=[v + 1 for v in both])
