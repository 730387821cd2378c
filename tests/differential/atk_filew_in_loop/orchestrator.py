from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    for run, job in await workflow.sq.createTask(x=params["xs"]):
        with open(HERE / f"run-{job.x}.txt", "w") as f:
            f.write(str(run.y))
        await workflow.lin.createTask(x=run.y)
