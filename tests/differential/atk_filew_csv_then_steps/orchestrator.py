import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    rows = [(job.x, run.y) for run, job in await workflow.sq.createTask(x=params["xs"])]
    with open(HERE / "squares.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["x", "y"])
        for x, y in rows:
            w.writerow([x, y])
    await workflow.lin.createTask(x=[y for _, y in rows])
    await workflow.count.createTask(n=len(rows))
