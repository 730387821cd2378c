import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "squares.csv", "w", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(["x", "y", "big"])
        out.writerows([[job.x, run.y, run.y > 3] for run, job in runs])
    await workflow.count.createTask(n=len(runs))
