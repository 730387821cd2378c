import csv
from pathlib import Path


def populate_arg_parser(parser):
    parser.add_argument("--pipeline", choices=["square", "affine", "blend"], default="square")
    parser.add_argument("--table", default="points.csv")


async def square(workflow, rows):
    return await workflow.sq.createTask(x=[r["x"] for r in rows])


async def affine(workflow, rows):
    runs = await workflow.lin.createTask(x=[r["x"] for r in rows])
    return await workflow.sq.createTask(x=[run.y for run, job in runs])


async def blend(workflow, rows):
    out = []
    for r in rows:
        (run, job), = await workflow.mix.createTask(a=r["x"], b=r["w"])
        out.extend(await workflow.sq.createTask(x=run.y))
    return out


PIPELINES = {"square": square, "affine": affine, "blend": blend}


async def main(workflow, **params):
    with open(Path(__file__).with_name(params["table"]), newline="") as f:
        rows = [{"x": float(r["x"]), "w": float(r["w"])} for r in csv.DictReader(f)
                if r["use"].strip().lower() == "yes"]
    runs = await PIPELINES[params["pipeline"]](workflow, rows)
    await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
