import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if (run.y * np.ones(3)).sum() > 5:
            await workflow.lin.createTask(x=job.x)
        else:
            await workflow.sq.createTask(x=job.x + 10)
