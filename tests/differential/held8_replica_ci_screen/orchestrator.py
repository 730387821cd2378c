from collections import Counter, defaultdict

import numpy as np

T95 = {2: 12.706, 3: 4.303, 4: 3.182, 5: 2.776}  # two-sided 95% t quantile by sample size


def populate_arg_parser(parser):
    parser.add_argument("--x-min", type=float, default=0.5)
    parser.add_argument("--x-max", type=float, default=2.0)
    parser.add_argument("--step", type=float, default=0.5)
    parser.add_argument("--nrep", type=int, default=3, choices=sorted(T95))
    parser.add_argument("--max-rel-ci", type=float, default=0.05,
                        help="largest accepted CI half-width relative to the mean")


async def main(workflow, **params):
    xs = np.arange(params["x_min"], params["x_max"] + 1e-9, params["step"])
    samples = defaultdict(list)
    for x in xs:
        runs = await workflow.replica.createTask(x=round(float(x), 6),
                                                 seed=list(range(params["nrep"])))
        for run, job in runs:
            samples[job.x].append(run.y)
    t = T95[params["nrep"]]
    summary = {}
    for x, ys in samples.items():
        mean = float(np.mean(ys))
        half = t * float(np.std(ys, ddof=1)) / np.sqrt(len(ys))
        summary[x] = (mean, half)
    verdict = {x: ("tight" if half / abs(mean) <= params["max_rel_ci"] else "loose")
               for x, (mean, half) in summary.items()}
    tally = Counter(verdict.values())
    print(f"{'x':>6} {'mean':>9} {'+-95%':>9}  verdict")
    for x in sorted(summary):
        mean, half = summary[x]
        print(f"{x:6.2f} {mean:9.4f} {half:9.4f}  {verdict[x]}")
    print(", ".join(f"{k}: {v}" for k, v in sorted(tally.items())))
    tight = [x for x in sorted(summary) if verdict[x] == "tight"]
    if tight:
        await workflow.lin.createTask(x=[round(summary[x][0], 6) for x in tight])
    await workflow.count.createTask(n=tally["loose"])
