import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "a.txt", "w") as a:
        a.write("first\n")
        with open(HERE / "b.json", "w") as b:
            a.write(f"{runs[0][0].y}\n")
            json.dump([run.y for run, job in runs], b)
            a.write("third\n")
        a.write(f"{runs[-1][0].y:+.2e}\n")
    await workflow.lin.createTask(x=runs[-1][0].y)
