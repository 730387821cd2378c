from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    summary = {"zs": [run.y for run, job in runs], "count": len(runs), "name": "squares"}
    with open(HERE / "summary.yaml", "w") as f:
        yaml.safe_dump(summary, f, sort_keys=False)
    await workflow.lin.createTask(x=runs[1][0].y)
