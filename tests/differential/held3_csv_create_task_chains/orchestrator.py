import asyncio
import csv
from pathlib import Path


def populate_arg_parser(parser):
    parser.add_argument("--table", default="cases.csv")


async def one_case(workflow, row):
    (lab, _), = await workflow.label.createTask(name=row["name"])
    runs = await workflow.sq.createTask(x=float(row["x"]) * lab.y)
    return runs[0][0].id


async def main(workflow, **params):
    with open(Path(__file__).with_name(params["table"]), newline="") as f:
        rows = list(csv.DictReader(f))
    tasks = [asyncio.create_task(one_case(workflow, row)) for row in rows]
    ids = await asyncio.gather(*tasks)
    await workflow.total.createTask(sq_ids=list(ids))
