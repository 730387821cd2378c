import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "pairs.csv", "w", newline="") as f:
        csv.writer(f).writerow(["ys", tuple(run.y for run, job in runs)])
    await workflow.lin.createTask(x=runs[0][0].y)
