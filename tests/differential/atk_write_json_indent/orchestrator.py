import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {f"x={job.x:g}": {"y": run.y, "half": run.y / 2} for run, job in runs}
    with open(HERE / "table.json", "w") as f:
        json.dump({"zeta": len(runs), "table": table, "alpha": None}, f, indent=2)
    await workflow.lin.createTask(x=sum(run.y for run, job in runs))
