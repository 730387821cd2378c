import math


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    try:
        n = math.floor(run.y)
    except Exception:
        n = 0
    await workflow.count.createTask(n=n)
