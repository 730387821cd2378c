import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--amin", type=float, default=0.5)
    parser.add_argument("--amax", type=float, default=1.5)
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--target", type=float, default=2.0)


async def main(workflow, **params):
    a = np.linspace(params["amin"], params["amax"], params["n"])
    b = np.array([0.0, 1.0])
    runs = await workflow.mix.createTask(a=[float(v) for v in a], b=b.tolist())
    y = np.array([run.y for run, job in runs])
    i = int(np.argmin(np.abs(y - params["target"])))
    run, job = runs[i]
    print(f"closest: a={job.a} b={job.b} y={run.y}")
    step = (params["amax"] - params["amin"]) / (params["n"] - 1) / 2
    fine = np.linspace(job.a - step, job.a + step, 3)
    await workflow.lin.createTask(x=fine.tolist())
