import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    if ys is not None:
        await workflow.lin.createTask(x=float(np.sum(ys)))
    table = {j.x: r.y for r, j in runs}
    missing = table.get(7.0) is None
    await workflow.lin.createTask(x=[float(missing), float(ys is None)])
