import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--hi", type=float, default=1.0)


async def main(workflow, **params):
    grid = np.linspace(0.0, params["hi"], 4)
    await workflow.label.createTask(name=np.array2string(grid))
    np.set_printoptions(precision=3)  # the summary printed afterwards stays short
