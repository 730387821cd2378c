import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=-1.0)
    parser.add_argument("--hi", type=float, default=2.0)
    parser.add_argument("--n", type=int, default=4, help="coarse grid points")
    parser.add_argument("--target", type=float, default=2.0, help="the value looked for")


async def main(workflow, **params):
    grid = np.linspace(params["lo"], params["hi"], params["n"])
    coarse = await workflow.sq.createTask(x=grid.tolist())
    ys = np.array([run.y for run, job in coarse])
    best = int(np.argmin(np.abs(ys - params["target"])))
    spacing = float(grid[1] - grid[0])
    centre = float(grid[best])
    fine = np.linspace(centre - spacing / 3, centre + spacing / 3, 2)
    refined = await workflow.sq.createTask(x=[round(float(x), 12) for x in fine])
    errors = [abs(run.y - params["target"]) for run, job in refined]
    await workflow.lin.createTask(x=float(np.min(errors)))
    above = int(np.count_nonzero(ys > params["target"]))
    await workflow.count.createTask(n=len(errors) + above)
