import math


def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])

    q, r = divmod(run.y, 3)
    await workflow.count.createTask(n=math.gcd(run.y, 14) + q * 10 + r)
    await workflow.sq.createTask(x=round(run.y / 3, 2) + math.floor(run.y / 2))
