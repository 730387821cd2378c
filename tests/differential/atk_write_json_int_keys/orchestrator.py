import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "by_index.json", "w") as f:
        json.dump({i: run.y for i, (run, job) in enumerate(runs)}, f, sort_keys=True)
    await workflow.lin.createTask(x=runs[0][0].y)
