import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--maxit", type=int, default=6)
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--dx", type=float, default=0.1)


async def main(workflow, **params):
    x = params["x0"]
    history = []
    for it in range(params["maxit"]):
        (run, job), = await workflow.newton.createTask(x=x)
        history.append((it, x, run.err))
        x = run.next
        if run.err < params["tol"]:
            print(f"converged after {it + 1} iterations")
            break
    else:
        print("no convergence, last error", history[-1][2])
    grid = np.round(x + params["dx"] * np.arange(-1, 2), 6)
    await workflow.lin.createTask(x=grid.tolist())
