from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    (HERE / "state.txt").write_text("started\n")
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "state.txt", "w") as f:
        f.write("done " + str(runs[0][0].y) + "\n")
    await workflow.lin.createTask(x=runs[0][0].y)
