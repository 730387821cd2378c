import glob
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    with open(HERE / "made.marker", "w") as f:
        f.write("x")
    found = sorted(glob.glob(str(HERE / "*.marker")))
    await workflow.sq.createTask(x=params["xs"])
    await workflow.count.createTask(n=len(found))
