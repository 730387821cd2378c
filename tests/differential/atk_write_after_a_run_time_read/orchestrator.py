import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "scale.json") as f:
        scale = json.load(f)["scale"]
    with open(HERE / "scale.json", "w") as f:
        json.dump({"scale": runs[0][0].y}, f)
    await workflow.lin.createTask(x=scale)
