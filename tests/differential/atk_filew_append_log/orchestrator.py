from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "log.txt", "a") as f:
        for run, job in runs:
            f.write(f"{job.x} {run.y}\n")
    await workflow.lin.createTask(x=[run.y for run, job in runs])
