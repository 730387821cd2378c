import math


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=12.3)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    await workflow.count.createTask(n=[int(round(run.y, -1)), math.floor(-run.y),
                                       math.ceil(run.y), int(str(run.y).split(".")[1][:2])])
