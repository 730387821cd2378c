from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "report.txt", "w") as f:
        print("report", len(params["xs"]), file=f)
        for i in range(len(params["xs"])):
            run, job = runs[i]
            print(i, f"{run.y:.3f}", job.x, sep=" | ", end=" ;\n", file=f)
        print(file=f)
    await workflow.lin.createTask(x=runs[-1][0].y)
