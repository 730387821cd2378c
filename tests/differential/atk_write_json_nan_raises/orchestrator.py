import json
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    value = math.inf - runs[0][0].y * math.inf
    with open(HERE / "bad.json", "w") as f:
        json.dump({"value": value}, f, allow_nan=False)
    await workflow.lin.createTask(x=1.0)
