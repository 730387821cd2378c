import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    with open(HERE / "plan.json", "w") as f:
        json.dump({"xs": params["xs"], "scale": 3.0}, f)
    await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "plan.json") as f:
        plan = json.load(f)
    await workflow.lin.createTask(x=[x * plan["scale"] for x in plan["xs"]])
