import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    with open(HERE / "plan.json", "w") as f:
        json.dump({"xs": [x * 3 for x in params["xs"]]}, f)
    with open(HERE / "plan.json") as f:
        plan = json.load(f)
    await workflow.sq.createTask(x=plan["xs"])
