import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=0.0)
    parser.add_argument("--hi", type=float, default=1.0)


async def main(workflow, **params):
    grid = np.linspace(params["lo"], params["hi"], 3)
    await workflow.sq.createTask(x=[float(v) for v in grid * 2])
