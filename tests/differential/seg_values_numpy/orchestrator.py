import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)


async def main(workflow, **params):
    await workflow.lin.createTask(x=len(params["dts"]))
    scale = 1.0
    for dt in params["dts"]:
        (run, job), = await workflow.solve.createTask(dt=dt)
        try:
            1.0 / run.ok
        except ZeroDivisionError:
            continue
        scale = np.float64(run.res) * 2
    await workflow.sq.createTask(x=float(scale))
