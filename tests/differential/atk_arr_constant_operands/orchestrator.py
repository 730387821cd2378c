import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    offsets = np.array([-0.25, 0.0, 0.25])
    xs = run.y + offsets
    offsets[0] = 100.0
    await workflow.mix.createTask(a=float(xs[0]), b=float(xs[2]))
    small = run.y * np.array([0.1, 0.2], dtype=np.float32)
    await workflow.mix.createTask(a=float(small[0]), b=float(small.sum()))
    counts = run.y + np.arange(3)
    mask = run.y > np.array([True, False])
    grid = run.y - np.ones((2, 2))
    await workflow.count.createTask(n=[int(counts[-1]), int(mask.sum()), int(grid.sum())])
    await workflow.count.createTask(n=int((offsets + run.y).max()))
