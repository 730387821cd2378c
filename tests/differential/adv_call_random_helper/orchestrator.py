import random


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def jitter(values):
    total = 0.0
    for v in values:
        total += v + random.random() * 0.0
    return total


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.lin.createTask(x=jitter([run.y for run, job in runs]))
