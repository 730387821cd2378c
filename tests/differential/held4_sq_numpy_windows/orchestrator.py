import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--start", type=float, default=0.5)
    parser.add_argument("--stop", type=float, default=3.0)
    parser.add_argument("--step", type=float, default=0.5)
    parser.add_argument("--width", type=int, default=2)


def mean_x(window):
    return sum(job.x for run, job in window) / len(window)


async def main(workflow, **params):
    xs = np.arange(params["start"], params["stop"], params["step"])
    runs = await workflow.sq.createTask(x=[float(x) for x in xs])
    w = params["width"]
    windows = [runs[i:i + w] for i in range(len(runs) - w + 1)]
    totals = []
    for win in windows:
        (t, _), = await workflow.total.createTask(sq_ids=[run.id for run, job in win])
        totals.append(t.y)
    k, best = max(enumerate(totals), key=lambda kv: kv[1])
    print(f"heaviest window #{k}: total {best:.2f}, mean x {mean_x(windows[k]):.2f}")
    await workflow.lin.createTask(x=mean_x(windows[k]))
