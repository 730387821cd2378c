from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "lines.txt", "w") as f:
        for run, job in runs:
            f.write(f"{job.x} {run.y}\n")
    await workflow.lin.createTask(x=float(len(runs)))
