import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    path = HERE / "result.out"
    with open(path, "w") as f:
        if runs[-1][0].y > 4:
            json.dump([run.y for run, job in runs], f)
        else:
            f.write("none")
    await workflow.lin.createTask(x=1.0)
