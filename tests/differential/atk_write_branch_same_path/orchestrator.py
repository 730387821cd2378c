from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    top = max(run.y for run, job in runs)
    if top > 5:
        with open(HERE / "verdict.txt", "w") as f:
            f.write(f"large {top}\n")
        await workflow.lin.createTask(x=top)
    else:
        with open(HERE / "verdict.txt", "w") as f:
            f.write("small\n")
        await workflow.count.createTask(n=2)
