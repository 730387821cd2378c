import csv
from operator import itemgetter
from pathlib import Path


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["alpha", "beta"])
    parser.add_argument("--report", default="report.csv")


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    rows = [{"name": job.name, "text": run.text, "length": run.y} for run, job in runs]
    rows.sort(key=itemgetter("length", "name"))
    by_length = {}
    for row in rows:
        by_length.setdefault(row["length"], []).append(row["name"])
    longest = rows[-1]
    await workflow.count.createTask(n=[len(v) for v in by_length.values()])
    await workflow.sq.createTask(x=float(longest["length"]))
    with open(Path(__file__).with_name(params["report"]), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["name", "text", "length"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows")
