import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])

    with open(os.path.join(HERE, "scale.json")) as f:
        scale = json.load(f)["scale"]
    await workflow.sq.createTask(x=scale * run.y)
