from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "ys.txt", "w") as f:
        f.write(" ".join(str(run.y) for run, job in runs))
    await workflow.lin.createTask(x=[run.y for run, job in runs])
    print("closed:", f.closed)
