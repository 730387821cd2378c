import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--settings", default="sweep.json", help="the sweep file")


async def main(workflow, **params):
    with open(os.path.join(HERE, params["settings"])) as f:
        sweep = json.load(f)
    runs = await workflow.sq.createTask(x=sweep["xs"])
    for run, job in runs:
        await workflow.lin.createTask(x=run.y * sweep["scale"])
