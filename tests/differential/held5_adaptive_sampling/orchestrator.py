import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=0.0)
    parser.add_argument("--b", type=float, default=1.0)
    parser.add_argument("--n0", type=int, default=3)
    parser.add_argument("--tol", type=float, default=0.1)
    parser.add_argument("--max-level", dest="max_level", type=int, default=3)


async def main(workflow, **params):
    xs = np.linspace(params["a"], params["b"], params["n0"])
    samples = {}
    for run, job in await workflow.sq.createTask(x=[float(x) for x in xs]):
        samples[job.x] = run.y
    pts = sorted(samples)
    intervals = list(zip(pts[:-1], pts[1:]))
    for level in range(params["max_level"]):
        mids = [0.5 * (a + b) for a, b in intervals]
        runs = await workflow.sq.createTask(x=mids)
        flagged = []
        for (run, job), (a, b) in zip(runs, intervals):
            samples[job.x] = run.y
            if abs(run.y - 0.5 * (samples[a] + samples[b])) > params["tol"]:
                flagged += [(a, job.x), (job.x, b)]
        print(f"level {level}: {len(mids)} new samples, {len(flagged) // 2} flagged")
        if not flagged:
            break
        intervals = flagged
    await workflow.count.createTask(n=len(samples))
