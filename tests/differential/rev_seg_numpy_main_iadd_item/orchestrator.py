import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-2)


async def main(workflow, **params):
    arr = np.array([0.0, 0.0])
    d = {"a": arr}
    (start, job), = await workflow.sq.createTask(x=params["x0"])
    x = start.y
    while True:
        (run, job), = await workflow.newton.createTask(x=x)
        d["a"] += 1.0
        if run.err < params["tol"]:
            break
        x = run.next
    await workflow.lin.createTask(x=float(arr[0]))
