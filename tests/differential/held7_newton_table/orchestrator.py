import csv
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Result:
    start: float
    root: float
    steps: int


def populate_arg_parser(parser):
    parser.add_argument("--starts", default="starts.csv")
    parser.add_argument("--cap", type=int, default=4)


async def main(workflow, **params):
    with open(HERE / params["starts"], newline="") as f:
        starts = [float(row["x0"]) for row in csv.DictReader(f)]
    results = []
    for x0 in starts:
        x = x0
        steps = 0
        for _ in range(params["cap"]):
            (run, job), = await workflow.newton.createTask(x=x)
            x = run.next
            steps += 1
            if run.err < 1e-3:
                break
        results.append(Result(x0, x, steps))
    results.sort(key=lambda r: r.steps)
    with open(HERE / "roots.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["start", "root", "steps"])
        for r in results:
            w.writerow([r.start, f"{r.root:.6f}", r.steps])
    await workflow.count.createTask(n=[r.steps for r in results])
    await workflow.sq.createTask(x=results[0].root)
