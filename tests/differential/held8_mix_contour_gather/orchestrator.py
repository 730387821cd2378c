import asyncio
import itertools
from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", required=True)
    parser.add_argument("--b-max", type=float, default=3.0)
    parser.add_argument("--nb", type=int, default=4)
    parser.add_argument("--level", type=float, default=4.0, help="contour level of y")


async def main(workflow, **params):
    bs = [params["b_max"] * k / (params["nb"] - 1) for k in range(params["nb"])]
    batches = await asyncio.gather(*(workflow.mix.createTask(a=a, b=bs) for a in params["a"]))
    runs = list(itertools.chain.from_iterable(batches))
    field = {(job.a, job.b): run.y for run, job in runs}
    print("     " + "".join(f"{b:>8.2f}" for b in bs))
    for a in params["a"]:
        print(f"{a:5.2f}" + "".join(f"{field[a, b]:8.2f}" for b in bs))
    rows = defaultdict(list)
    for (a, b), y in field.items():
        rows[a].append((b, y - params["level"]))
    crossings = []
    for a, pts in sorted(rows.items()):
        pts.sort()
        for (b0, f0), (b1, f1) in zip(pts, pts[1:]):
            if f0 == 0 or f0 * f1 < 0:
                crossings.append((a, b0 - f0 * (b1 - b0) / (f1 - f0)))
                break
        else:
            print(f"a = {a}: no crossing of y = {params['level']}")
    residuals = []
    for a, b in crossings:
        (run, job), = await workflow.mix.createTask(a=a, b=round(b, 9))
        residuals.append(abs(run.y - params["level"]))
        print(f"a = {a}: b* = {job.b:.6f}, y = {run.y:.6f}")
    if crossings:
        worst = max(range(len(crossings)), key=lambda i: residuals[i])
        await workflow.lin.createTask(x=crossings[worst][1])
    await workflow.count.createTask(n=len(crossings))
