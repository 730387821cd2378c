import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--tol", type=float, default=0.02)


async def shrink(workflow, g, tol):
    h = g
    for _ in range(4):
        runs = await workflow.mesh.createTask(h=[float(v) for v in h])
        if max(r.u for r, _ in runs) - 1.0 < tol:
            break
        h /= 2
    return len(runs)


async def main(workflow, **params):
    grid = np.array(params["hs"])
    n = await shrink(workflow, grid, params["tol"])
    await workflow.sq.createTask(x=float(grid[0]))
    await workflow.count.createTask(n=n)
